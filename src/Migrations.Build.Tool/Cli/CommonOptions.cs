using System.CommandLine;

namespace Migrations.Build.Tool.Cli;

/// <summary>The options every command that works on a project takes (dotnet-ef's names), declared once.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Project = NotEmpty(new("--project", "-p")
    {
        Description = "The project that holds the DbContext and its migrations (a .csproj or its folder). Default: the one in the current folder.",
    });

    public static readonly Option<string?> StartupProject = NotEmpty(new("--startup-project", "-s")
    {
        Description = "The app that configures the DbContext (its dependencies and configuration are used). Default: --project.",
    });

    public static readonly Option<string?> Context = NotEmpty(new("--context", "-c")
    {
        Description = "The DbContext to use, when the project has several (its class name).",
    });

    public static readonly Option<string> Configuration = new("--configuration")
    {
        Description = "The build configuration.",
        DefaultValueFactory = _ => "Debug",
    };

    public static readonly Option<string?> Framework = NotEmpty(new("--framework", "-f")
    {
        Description = "The target framework, when the startup project has several.",
    });

    public static readonly Option<bool> NoBuild = new("--no-build")
    {
        Description = "Don't build the project first; use its last build.",
    };

    public static readonly Option<string?> Connection = NotEmpty(new("--connection")
    {
        Description = "A connection string to use instead of the app's configured one. It is never printed.",
    });

    public static readonly Option<string?> Environment = NotEmpty(new("--environment", "-e")
    {
        Description = "The environment the app runs in (sets ASPNETCORE_ENVIRONMENT and DOTNET_ENVIRONMENT). Default: Development.",
    });

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON document on stdout and nothing else there; messages go to stderr.",
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show more: build and engine output, every step.",
    };

    public static readonly Option<bool> Yes = new("--yes", "-y")
    {
        Description = "Answer yes to confirmations (for scripts and CI).",
    };

    /// <summary>
    /// An empty value is refused rather than read as "not given": <c>--connection "$UNSET"</c> must not
    /// fall back to the app's own database, nor <c>--environment ""</c> to Development.
    /// </summary>
    public static Option<string?> NotEmpty(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                result.AddError($"{option.Name} is empty: give a value, or leave {option.Name} out.");
            }
        });
        return option;
    }

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Project, StartupProject, Context, Configuration, Framework, NoBuild, Connection,
            Environment, Json, Verbose, Yes })
        {
            command.Options.Add(option);
        }
    }
}
