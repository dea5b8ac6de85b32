using System.CommandLine;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Cli;

/// <summary>
/// What the commands that change a database share: how long to wait for the migrations lock, and
/// the confirmation a production database needs.
/// </summary>
internal static class ChangeOptions
{
    public static readonly Option<int> LockTimeout = new("--lock-timeout")
    {
        Description = "Seconds to wait while another migrations command holds the database's migrations lock, then give up (exit 4). Default: 60.",
        DefaultValueFactory = _ => 60,
        CustomParser = result => WholeNumbers.Parse(result, "seconds") ?? 0,
    };

    public static void AddTo(Command command) => command.Options.Add(LockTimeout);

    public static EngineRequest Complete(ParseResult parse, EngineRequest request) => request with { LockTimeout = parse.GetValue(LockTimeout) };

    /// <summary>The app's environment: --environment, else ASPNETCORE_ENVIRONMENT, else DOTNET_ENVIRONMENT.</summary>
    /// <remarks>Read through the parse tree, so it also answers for commands without --environment.</remarks>
    /// <remarks>A bundle runs where the app is deployed, so it defaults to Production, as the app itself does without a variable.</remarks>
    public static string? EnvironmentName(ParseResult parse)
        => (parse.GetResult(CommonOptions.Environment) is { } given ? given.GetValueOrDefault<string?>() : null) ?? ProductionEnvironments.FromVariables()
            ?? (Bundling.BundleManifest.Current is null ? null : "Production");

    /// <summary>
    /// In a production environment (--environment, or ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT),
    /// asks before <paramref name="what"/>; --yes answers for scripts. Without a terminal to ask on
    /// and without --yes, refuses (exit 4) before anything runs.
    /// </summary>
    public static void ConfirmInProduction(ParseResult parse, string what)
    {
        if (Unconfirmed(parse) is { } environment)
        {
            Ask(environment, what);
        }
    }

    /// <summary>The production environment a change would run in without --yes; null when it needs no confirmation.</summary>
    public static string? Unconfirmed(ParseResult parse)
    {
        var environment = EnvironmentName(parse);
        return ProductionEnvironments.IsProduction(environment) && !parse.GetValue(CommonOptions.Yes) ? environment : null;
    }

    /// <summary>True when there is a terminal to ask on.</summary>
    public static bool CanAsk => !Console.IsInputRedirected;

    /// <summary>Asks for a typed 'yes' on the terminal; refuses (exit 4) without one, or without the answer.</summary>
    public static void Ask(string environment, string what)
    {
        if (!CanAsk)
        {
            throw new ToolException($"This would {what} in the {environment} environment; confirm with --yes.", ExitCodes.Refused);
        }

        Console.Error.Write($"This will {what} in the {environment} environment. Type 'yes' to go on: ");
        if (!string.Equals(Console.ReadLine()?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolException("Not confirmed; nothing was done.", ExitCodes.Refused);
        }
    }
}
