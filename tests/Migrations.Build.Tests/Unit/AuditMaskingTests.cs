using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Audit;

namespace Migrations.Build.Tests.Unit;

public sealed class AuditMaskingTests
{
    [Theory]
    [InlineData("--connection", "Host=db;Username=app;Password=pa ss word;Database=x", "pa ss word")]
    [InlineData("--connection", "Server=db;User Id=sa;Pwd='it''s;secret';", "secret")]
    [InlineData("--name", "postgres://app:hunter2@db:5432/x", "hunter2")]
    [InlineData("--name", "Host=db;Access Token=tok-123", "tok-123")]
    public void Secrets_in_arguments_are_masked(string option, string value, string secret)
    {
        var masked = AuditLog.MaskArguments(["upgrade", option, value, "--connection=Host=h;Password=" + secret]);

        string.Join(" ", masked).Should().NotContain(secret).And.Contain(ConnectionStringMasker.Masked);
        masked[0].Should().Be("upgrade");
    }

    [Fact]
    public void Secrets_in_an_error_message_are_masked_when_the_line_is_written()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("audit-").FullName, "a.jsonl");
        var entry = AuditLog.Entry("upgrade", [], "Production", ExitCodes.Database, "Connection 'Host=db;Password=hunter2' failed", TimeSpan.FromSeconds(1.5));

        AuditLog.Append(path, entry).Should().BeNull();
        AuditLog.Append(path, entry with { Command = "downgrade" }).Should().BeNull();

        var lines = File.ReadAllLines(path);
        lines.Should().HaveCount(2);
        lines[0].Should().NotContain("hunter2").And.Contain("\"outcome\":\"database\"").And.Contain("\"environment\":\"Production\"");
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
