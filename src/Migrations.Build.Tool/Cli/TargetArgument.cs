using System.CommandLine;

namespace Migrations.Build.Tool.Cli;

/// <summary>The target argument of upgrade, downgrade and stamp.</summary>
internal static class TargetArgument
{
    public static Argument<string?> Create(string description, bool required)
    {
        var argument = new Argument<string?>("target")
        {
            Description = description,
            Arity = required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
        };

        // "-1" is a target, but "--typo" is an unknown option the parser would otherwise take as one.
        argument.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault()?.Value is { } value && value.StartsWith("--", StringComparison.Ordinal))
            {
                result.AddError($"Unknown option '{value}'.");
            }
        });
        return argument;
    }
}
