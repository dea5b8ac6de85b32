using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tests.Unit;

public sealed class ProtocolTests
{
    [Fact]
    public void Every_event_is_one_line_that_reads_back()
    {
        var buffer = new StringWriter();
        var writer = new EventWriter(buffer);

        writer.Log(LogLevels.Info, "line one\nline two");
        writer.Diagnostic("MIG001", LogLevels.Error, "drift", "Model/Customer.cs", 12, 5);
        writer.Progress("Applying X", 1, 3);
        writer.Result(new CurrentResult { Current = null, Head = "20240101000000_Init", Pending = ["20240101000000_Init"] });
        writer.Failure(ExitCodes.Database, "down");

        var lines = buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(5);
        var events = lines.Select(line => EventReader.TryParse(line, out var e) ? e : null).ToList();
        events[0].Should().BeEquivalentTo(new { Type = EngineEvent.Log, Level = LogLevels.Info, Message = "line one\nline two" });
        events[1].Should().BeEquivalentTo(new { Type = EngineEvent.Diagnostic, Code = "MIG001", File = "Model/Customer.cs", Line = 12, Column = 5 });
        events[2].Should().BeEquivalentTo(new { Type = EngineEvent.Progress, Current = 1, Total = 3 });
        events[3]!.Data!.Value.Deserialize<CurrentResult>(ProtocolJson.Compact)!.Head.Should().Be("20240101000000_Init");
        events[3]!.Data!.Value.GetProperty("current").ValueKind.Should().Be(JsonValueKind.Null, "the contract's shape keeps null fields");
        events[4].Should().BeEquivalentTo(new { Type = EngineEvent.Failure, ExitCode = 3, Message = "down" });
    }

    [Theory]
    [InlineData("Hello from the app's Main")]
    [InlineData("{ not json")]
    [InlineData("{\"no\":\"type\"}")]
    public void A_line_that_is_not_an_event_is_left_to_the_caller_as_the_apps_output(string line)
        => EventReader.TryParse(line, out _).Should().BeFalse();

    /// <summary>A request with every option away from its default.</summary>
    private static readonly EngineRequest Full = new()
    {
        Command = "upgrade",
        Assembly = "/p/bin/App.dll",
        StartupAssembly = "/s/bin/Web.dll",
        ProjectDir = "/p/",
        RootNamespace = "App",
        Language = "C#",
        Nullable = true,
        Context = "ShopContext",
        Target = "-1",
        Environment = "Staging",
        Message = "add -m \"thing\" ü",
        NoAutogenerate = true,
        DryRun = true,
        DropDataSteps = true,
        Sql = true,
        Idempotent = true,
        Verbose = true,
        BuildGate = true,
        FromBuild = true,
        DatabaseTimeout = 7,
        LockFile = "/p/Data/migrations.lock.json",
        Name = "before-v2",
        Tables = ["Members", "Loans"],
        Migrations = ["AddSubtitle", "AddSeries"],
        BackupDirectory = "/b/",
        File = "/b/x.json",
        Yes = true,
        Ask = true,
        Fleet = true,
        Offline = true,
        Baseline = true,
        CheckStamp = "/p/obj/migrations.check.stamp",
        Force = true,
        LockTimeout = 5,
        DdlLockTimeout = 0,
        DdlLockRetries = 1,
        LargeTableRows = 500,
        MaxBackupAgeHours = 2,
        Compress = true,
        From = "InitialCreate",
        IgnoreTables = ["Audit*", "legacy.?"],
        AllowExisting = true,
        Seed = "/p/seed.sql",
        SeedAt = "AddLoans",
        OutputFile = "/tmp/out file.sql",
        AssemblyPaths = ["/n/a.dll", "/n/b.dll"],
        ProjectReferences = ["/l/bin/Lib.dll|/l/Lib.csproj", "/e/bin/Entities.dll|/e/Entities.csproj"],
        AppArgs = ["--urls", "http://x", "--"],
    };

    [Fact]
    public void A_request_survives_the_command_line()
        => EngineRequest.Parse(Full.ToArguments()).Should().BeEquivalentTo(Full);

    [Fact]
    public void The_round_trip_sets_every_option_away_from_its_default()
    {
        // So an option added to the request is carried across too, or this fails until it is set above.
        var defaults = new EngineRequest { Command = "x", Assembly = "x", StartupAssembly = "x", ProjectDir = "x" };
        typeof(EngineRequest).GetProperties()
            .Where(p => p.GetValue(Full) is var value && (Equals(value, p.GetValue(defaults)) || value is IReadOnlyList<string> { Count: 0 }))
            .Select(p => p.Name).Should().BeEmpty();
    }

    [Theory]
    [InlineData("1", "called with protocol 1")]
    [InlineData(null, "called with no protocol version (an older caller)")]
    public void A_caller_of_another_protocol_version_is_told_both_versions(string? version, string said)
    {
        var request = new EngineRequest { Command = "current", Assembly = "a.dll", StartupAssembly = "a.dll", ProjectDir = "/p" };
        string[] args = version is null ? ["current", "--assembly", "a.dll"] : ["current", "--protocol", version, "--request", "{}"];

        var parse = () => EngineRequest.Parse(args);

        parse.Should().Throw<ProtocolMismatchException>().WithMessage($"The engine speaks protocol {EngineRequest.ProtocolVersion}, "
            + $"but was {said}:*Install the same version of both*");
        EngineRequest.Parse(request.ToArguments()).Should().BeEquivalentTo(request, "the same version reads it");
    }

    [Fact]
    public void The_launch_line_runs_the_engine_in_the_apps_context()
    {
        var request = new EngineRequest { Command = "current", Assembly = "a.dll", StartupAssembly = "a.dll", ProjectDir = "/p" };
        var app = new AppContextFiles { DepsFile = "/b/App.deps.json", RuntimeConfig = "/b/App.runtimeconfig.json", ProbingPaths = ["/root/.nuget/packages/"] };

        var args = EngineLaunch.Arguments("/t/engine/Migrations.Build.Engine.dll", app, request);

        args.Take(8).Should().Equal(
            "exec", "--depsfile", "/b/App.deps.json", "--runtimeconfig", "/b/App.runtimeconfig.json",
            "--additionalprobingpath", "/root/.nuget/packages", "/t/engine/Migrations.Build.Engine.dll");
        args[8].Should().Be("current");
    }

    [Theory]
    [InlineData("Host=db;Username=app;Password=s3cret!;Database=shop", "s3cret!")]
    [InlineData("Server=db;User Id=sa;Pwd=hunter2;", "hunter2")]
    [InlineData("Data Source=x;Access Token=abc.def.ghi", "abc.def.ghi")]
    [InlineData("Host=db;Password='semi;colon'", "semi;colon")]
    [InlineData("Host=db;SSL Password=certpw;Username=app", "certpw")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0", "c2VjcmV0")]
    [InlineData("postgres://app:hunter2@db.example:5432/shop", "hunter2")]
    [InlineData("Password=\"unterminated;Host=db", "unterminated")]
    public void Secrets_in_connection_strings_are_masked(string connection, string secret)
    {
        var masked = ConnectionStringMasker.Mask(connection)!;

        masked.Should().NotContain(secret).And.Contain(ConnectionStringMasker.Masked);
    }

    [Theory]
    [InlineData("Data Source=library.db")]
    [InlineData("Host=localhost;Database=shop;Username=app")]
    public void Connection_strings_without_secrets_are_kept_as_written(string connection)
        => ConnectionStringMasker.Mask(connection).Should().Be(connection);
}
