using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Text;

namespace Migrations.Build.Protocol.Metadata;

/// <summary>
/// Names for what an assembly's metadata points at, instead of its row numbers: an unrelated edit
/// elsewhere renumbers the rows (a new string, a new member reference), never the names.
/// </summary>
public sealed class MetadataNames(MetadataReader reader) : ISignatureTypeProvider<string, object?>
{
    private readonly Dictionary<EntityHandle, string> _members = [];
    private readonly Dictionary<TypeReferenceHandle, string> _scopes = [];

    public MetadataReader Reader => reader;

    public string Type(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => Definition((TypeDefinitionHandle)handle),
        HandleKind.TypeReference => Reference((TypeReferenceHandle)handle),
        HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        _ => handle.Kind.ToString(),
    };

    public string Definition(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = Qualified(type.Namespace, type.Name);
        var outer = type.GetDeclaringType();
        return outer.IsNil ? name : $"{Definition(outer)}/{name}";
    }

    public string Reference(TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = Qualified(type.Namespace, type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{Reference((TypeReferenceHandle)type.ResolutionScope)}/{name}"
            : $"[{Scope(handle)}]{name}";
    }

    /// <summary>The name of the assembly a type reference points into; empty for this assembly's own module.</summary>
    public string Scope(TypeReferenceHandle handle)
    {
        if (!_scopes.TryGetValue(handle, out var name))
        {
            var scope = reader.GetTypeReference(handle).ResolutionScope;
            _scopes[handle] = name = scope.Kind switch
            {
                HandleKind.AssemblyReference => reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
                HandleKind.TypeReference => Scope((TypeReferenceHandle)scope),
                _ => string.Empty,
            };
        }

        return name;
    }

    /// <summary>A member (method, field, reference to either, generic instantiation) or a type, by name and signature.</summary>
    public string Member(EntityHandle handle)
    {
        if (_members.TryGetValue(handle, out var known))
        {
            return known;
        }

        var name = handle.Kind switch
        {
            HandleKind.MethodDefinition => Method((MethodDefinitionHandle)handle),
            HandleKind.FieldDefinition => Field((FieldDefinitionHandle)handle),
            HandleKind.MemberReference => Reference((MemberReferenceHandle)handle),
            HandleKind.MethodSpecification => Instantiation((MethodSpecificationHandle)handle),
            HandleKind.StandaloneSignature => Signature(reader.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(this, null)),
            _ => Type(handle),
        };
        _members[handle] = name;
        return name;
    }

    public string Method(MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        return $"{Definition(method.GetDeclaringType())}::{reader.GetString(method.Name)}{Signature(method.DecodeSignature(this, null))}";
    }

    public string Field(FieldDefinitionHandle handle)
    {
        var field = reader.GetFieldDefinition(handle);
        return $"{Definition(field.GetDeclaringType())}::{reader.GetString(field.Name)}:{field.DecodeSignature(this, null)}";
    }

    public static string Signature(MethodSignature<string> signature)
        => $"{(signature.GenericParameterCount > 0 ? $"`{signature.GenericParameterCount}" : string.Empty)}"
            + $"({string.Join(",", signature.ParameterTypes)}):{signature.ReturnType}";

    private string Reference(MemberReferenceHandle handle)
    {
        var member = reader.GetMemberReference(handle);
        var parent = member.Parent.Kind == HandleKind.MethodDefinition ? Method((MethodDefinitionHandle)member.Parent) : Type(member.Parent);
        var shape = member.GetKind() == MemberReferenceKind.Method
            ? Signature(member.DecodeMethodSignature(this, null))
            : ":" + member.DecodeFieldSignature(this, null);
        return $"{parent}::{reader.GetString(member.Name)}{shape}";
    }

    private string Instantiation(MethodSpecificationHandle handle)
    {
        var spec = reader.GetMethodSpecification(handle);
        return $"{Member(spec.Method)}<{string.Join(",", spec.DecodeSignature(this, null))}>";
    }

    private string Qualified(StringHandle space, StringHandle name)
        => space.IsNil || reader.GetString(space).Length == 0 ? reader.GetString(name) : $"{reader.GetString(space)}.{reader.GetString(name)}";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => Definition(handle);

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => Reference(handle);

    public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        => Type(handle);

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{shape.Rank}]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType + " pinned";

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired)
        => $"{unmodifiedType} {(isRequired ? "modreq" : "modopt")}({modifier})";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method " + Signature(signature);

    /// <summary>A blob's bytes as text (attribute arguments and constants hold no row numbers).</summary>
    public string Blob(BlobHandle blob) => blob.IsNil ? string.Empty : Convert.ToHexString(reader.GetBlobBytes(blob));

    /// <summary>The custom attributes of a metadata row: constructor and arguments.</summary>
    public void Attributes(StringBuilder text, IEnumerable<CustomAttributeHandle> attributes)
    {
        foreach (var handle in attributes)
        {
            var attribute = reader.GetCustomAttribute(handle);
            text.Append(" [").Append(Member(attribute.Constructor)).Append('(').Append(Blob(attribute.Value)).Append(")]");
        }
    }
}
