using System.Reflection;
using System.Reflection.Metadata;

namespace Migrations.Build.Tasks.Fingerprint;

/// <summary>
/// The code of the app that EF Core's model can depend on. It starts from every method of a type that
/// derives from or implements one of EF Core's (a DbContext, an IEntityTypeConfiguration, a migration,
/// a design-time factory, a converter) and every method that calls EF Core's model-building API (the
/// options lambda given to AddDbContext, a helper taking a ModelBuilder); then follows what those call,
/// read, name and override, across the app's assemblies, to the end. What they call outside the app
/// (packages, the framework) is pinned by its version instead.
/// </summary>
internal sealed class ModelGraph
{
    private readonly Dictionary<string, AppAssembly> _byName;
    private readonly Queue<(AppAssembly, MethodDefinitionHandle)> _pending = new();
    private readonly Dictionary<string, List<(AppAssembly, MethodDefinitionHandle)>> _virtuals = new(StringComparer.Ordinal);

    // The same few thousand members are used hundreds of thousands of times in a large app's migrations.
    private readonly Dictionary<(AppAssembly, EntityHandle), bool> _buildsModel = [];
    private readonly Dictionary<(AppAssembly, EntityHandle), (AppAssembly?, TypeDefinitionHandle)> _resolved = [];
    private readonly HashSet<(AppAssembly, TypeDefinitionHandle)> _initialized = [];
    private readonly HashSet<(AppAssembly, TypeDefinitionHandle, string)> _members = [];

    /// <param name="known">Assemblies whose last walk is taken as it was (<see cref="GraphSummary"/>): their code is not read again.</param>
    public ModelGraph(IReadOnlyList<AppAssembly> assemblies, IReadOnlyDictionary<AppAssembly, GraphSummary>? known = null)
    {
        _byName = assemblies.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            foreach (var handle in assembly.Reader.MethodDefinitions.Where(m => (assembly.Attributes(m) & MethodAttributes.Virtual) != 0))
            {
                var simple = SimpleName(assembly.Reader.GetString(assembly.Reader.GetMethodDefinition(handle).Name));
                (_virtuals.TryGetValue(simple, out var list) ? list : _virtuals[simple] = []).Add((assembly, handle));
            }
        }

        foreach (var (assembly, summary) in known ?? new Dictionary<AppAssembly, GraphSummary>())
        {
            Named.UnionWith(summary.Named.Select(t => (assembly, t)));
            Reached.UnionWith(summary.Reached.Select(m => (assembly, m)));

            // What they reached is not visited again; a virtual one still reaches the other assemblies' overrides.
            foreach (var method in summary.Reached.Where(m => (assembly.Attributes(m) & MethodAttributes.Virtual) != 0))
            {
                var simple = SimpleName(assembly.Reader.GetString(assembly.Reader.GetMethodDefinition(method).Name));
                _virtuals.GetValueOrDefault(simple)?.Where(o => !known!.ContainsKey(o.Item1)).ToList().ForEach(_pending.Enqueue);
            }
        }

        foreach (var assembly in assemblies.Where(a => known?.ContainsKey(a) != true))
        {
            foreach (var type in assembly.Reader.TypeDefinitions)
            {
                var bound = ExtendsEntityFramework(assembly, type, depth: 0);
                if (bound)
                {
                    Named.Add((assembly, type));
                }

                foreach (var method in assembly.Reader.GetTypeDefinition(type).GetMethods())
                {
                    if (bound || assembly.Uses(method).Any(use => BuildsModelOnce(assembly, use)))
                    {
                        _pending.Enqueue((assembly, method));
                    }
                }
            }
        }

        while (_pending.TryDequeue(out var next))
        {
            Visit(next.Item1, next.Item2);
        }
    }

    /// <summary>The methods whose code the model can depend on.</summary>
    public HashSet<(AppAssembly, MethodDefinitionHandle)> Reached { get; } = [];

    /// <summary>The types that code names (by typeof, a member, a field): their whole shape counts, every method's signature too.</summary>
    public HashSet<(AppAssembly, TypeDefinitionHandle)> Named { get; } = [];

    private void Visit(AppAssembly assembly, MethodDefinitionHandle handle)
    {
        if (!Reached.Add((assembly, handle)))
        {
            return;
        }

        var method = assembly.Reader.GetMethodDefinition(handle);
        var declaring = method.GetDeclaringType();
        var name = assembly.Reader.GetString(method.Name);
        Named.Add((assembly, declaring));

        // An async method or an iterator runs in a state machine the compiler nests beside it.
        var machine = $"<{name}>d__";
        foreach (var nested in assembly.Reader.GetTypeDefinition(declaring).GetNestedTypes()
                     .Where(t => assembly.Reader.GetString(assembly.Reader.GetTypeDefinition(t).Name).StartsWith(machine, StringComparison.Ordinal)))
        {
            Named.Add((assembly, nested));
            Queue(assembly, nested, _ => true);
        }

        // A virtual call may land in any override of the app's: each counts.
        if ((method.Attributes & MethodAttributes.Virtual) != 0 && _virtuals.TryGetValue(SimpleName(name), out var overrides))
        {
            overrides.ForEach(_pending.Enqueue);
        }

        foreach (var use in assembly.Uses(handle))
        {
            Follow(assembly, use);
        }
    }

    private void Follow(AppAssembly assembly, EntityHandle use)
    {
        var reader = assembly.Reader;
        switch (use.Kind)
        {
            case HandleKind.MethodDefinition:
                _pending.Enqueue((assembly, (MethodDefinitionHandle)use));
                break;
            case HandleKind.FieldDefinition:
                Fields(assembly, reader.GetFieldDefinition((FieldDefinitionHandle)use).GetDeclaringType());
                break;
            case HandleKind.TypeDefinition:
                Named.Add((assembly, (TypeDefinitionHandle)use));
                break;
            case HandleKind.MethodSpecification:
                Follow(assembly, reader.GetMethodSpecification((MethodSpecificationHandle)use).Method);
                break;
            case HandleKind.TypeReference or HandleKind.TypeSpecification when Resolve(assembly, use) is var (target, type) && target is not null:
                Named.Add((target, type));
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)use);
                if (member.Parent.Kind is HandleKind.TypeReference or HandleKind.TypeSpecification or HandleKind.TypeDefinition
                    && Resolve(assembly, member.Parent) is var (owner, declaring) && owner is not null)
                {
                    Member(owner, declaring, reader.GetString(member.Name), member.GetKind() == MemberReferenceKind.Field);
                }

                break;
        }
    }

    /// <summary>
    /// A member another of the app's assemblies (or this one, through a generic type) declares: its methods of that name, or its field's initializers.
    /// </summary>
    private void Member(AppAssembly assembly, TypeDefinitionHandle type, string name, bool field)
    {
        Named.Add((assembly, type));
        if (field)
        {
            Fields(assembly, type);
            return;
        }

        if (!_members.Add((assembly, type, name)))
        {
            return;
        }

        Queue(assembly, type, method => method == name);
    }

    /// <summary>A field read: its value comes from the type's constructors (and field initializers, which compile into them).</summary>
    private void Fields(AppAssembly assembly, TypeDefinitionHandle type)
    {
        Named.Add((assembly, type));
        if (!_initialized.Add((assembly, type)))
        {
            return; // a lambda cache's fields are read by every lambda: its constructors are queued once
        }

        Queue(assembly, type, method => method is ".ctor" or ".cctor");
    }

    /// <summary>Queues the methods of <paramref name="type"/> whose names <paramref name="wanted"/> takes.</summary>
    private void Queue(AppAssembly assembly, TypeDefinitionHandle type, Func<string, bool> wanted)
    {
        foreach (var method in assembly.Reader.GetTypeDefinition(type).GetMethods()
                     .Where(m => wanted(assembly.Reader.GetString(assembly.Reader.GetMethodDefinition(m).Name))))
        {
            _pending.Enqueue((assembly, method));
        }
    }

    /// <summary>A method's name without an explicit implementation's interface (Namespace.IFoo.Bar: Bar).</summary>
    private static string SimpleName(string name) => name[(name.LastIndexOf('.') + 1)..];

    /// <summary>Derives from or implements a type of EF Core's, directly or through the app's own types.</summary>
    private bool ExtendsEntityFramework(AppAssembly assembly, TypeDefinitionHandle handle, int depth)
    {
        var type = assembly.Reader.GetTypeDefinition(handle);
        var parents = type.GetInterfaceImplementations().Select(i => assembly.Reader.GetInterfaceImplementation(i).Interface);
        if (!type.BaseType.IsNil)
        {
            parents = parents.Append(type.BaseType);
        }

        return depth < 32 && parents.Any(parent =>
            EntityFrameworkType(assembly, parent) is not null
            || (Resolve(assembly, parent) is var (owner, definition) && owner is not null && ExtendsEntityFramework(owner, definition, depth + 1)));
    }

    private bool BuildsModelOnce(AppAssembly assembly, EntityHandle use)
    {
        if (!_buildsModel.TryGetValue((assembly, use), out var builds))
        {
            _buildsModel[(assembly, use)] = builds = BuildsModel(assembly, use);
        }

        return builds;
    }

    /// <summary>A use of EF Core's API that isn't only querying or saving (see <see cref="EntityFramework.OnlyUses"/>).</summary>
    private static bool BuildsModel(AppAssembly assembly, EntityHandle use)
    {
        var reader = assembly.Reader;
        var type = use.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)use).Parent,
            HandleKind.MethodSpecification when reader.GetMethodSpecification((MethodSpecificationHandle)use)
                .Method is { Kind: HandleKind.MemberReference } method
                => reader.GetMemberReference((MemberReferenceHandle)method).Parent,
            HandleKind.TypeReference or HandleKind.TypeSpecification => use,
            _ => default(EntityHandle),
        };

        return !type.IsNil && EntityFrameworkType(assembly, type) is { } reference
            && !EntityFramework.OnlyUses(reader.GetString(reader.GetTypeReference(reference).Name));
    }

    /// <summary>The type, or the generic type it instantiates, when it is one of EF Core's; null otherwise.</summary>
    private static TypeReferenceHandle? EntityFrameworkType(AppAssembly assembly, EntityHandle type)
        => GenericDefinition(assembly, type) is { Kind: HandleKind.TypeReference } definition
            && EntityFramework.Owns(assembly.Names.Scope((TypeReferenceHandle)definition))
            ? (TypeReferenceHandle)definition
            : null;

    /// <summary>A type, or the generic type a generic instantiation is of; nil for arrays, pointers and the like.</summary>
    private static EntityHandle GenericDefinition(AppAssembly assembly, EntityHandle type)
    {
        if (type.Kind != HandleKind.TypeSpecification)
        {
            return type;
        }

        var blob = assembly.Reader.GetBlobReader(assembly.Reader.GetTypeSpecification((TypeSpecificationHandle)type).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return default;
        }

        blob.ReadSignatureTypeCode(); // class or value type
        return blob.ReadTypeHandle();
    }

    /// <summary>The app's own type a handle names, in whichever of the app's assemblies declares it; (null, default) otherwise.</summary>
    private (AppAssembly?, TypeDefinitionHandle) Resolve(AppAssembly assembly, EntityHandle type)
    {
        if (!_resolved.TryGetValue((assembly, type), out var found))
        {
            _resolved[(assembly, type)] = found = ResolveOnce(assembly, type);
        }

        return found;
    }

    private (AppAssembly?, TypeDefinitionHandle) ResolveOnce(AppAssembly assembly, EntityHandle type)
    {
        var definition = GenericDefinition(assembly, type);
        if (definition.Kind == HandleKind.TypeDefinition)
        {
            return (assembly, (TypeDefinitionHandle)definition);
        }

        if (definition.Kind != HandleKind.TypeReference)
        {
            return (null, default);
        }

        var reference = (TypeReferenceHandle)definition;
        var scope = assembly.Names.Scope(reference);
        var target = scope.Length == 0 ? assembly : _byName.GetValueOrDefault(scope);
        var name = assembly.Names.Reference(reference);
        return target?.Type(name[(name.IndexOf(']') + 1)..]) is { } found ? (target, found) : (null, default);
    }
}
