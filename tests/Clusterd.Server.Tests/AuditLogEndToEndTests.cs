using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Xunit.Abstractions;

namespace Clusterd.Server.Tests;

/// <summary>
/// A real clusterd writes the audit trail to its log (docs/authorization.md, "Audit trail"): one Clusterd.Audit line
/// per state-changing ClusAPI call with the account, the source and the answer, none for reads, and failed logons.
/// </summary>
public sealed class AuditLogEndToEndTests(ITestOutputHelper log)
{
    private const string User = "clusterd";
    private const string Password = "Clusterd-Pa55word";

    [Fact]
    public async Task A_state_changing_call_and_a_failed_logon_each_write_an_audit_line_and_a_read_none()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--port", "0", "--epm-port", "0", "--accounts", accounts);

        await using (var c = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password))
        {
            Assert.Equal(Win32Error.Success, (await c.CallAsync(new GetClusterNameRequest())).Result);
            var created = await c.CallAsync(new CreateGroupRequest("audited group"));
            Assert.Equal(Win32Error.Success, created.Status);
        }
        await Assert.ThrowsAnyAsync<Exception>(() => ClusApiWire.ConnectAsync(server.ClusApiPort, User, "wrong password"));

        var output = await WaitForAsync(server, "authentication failed");
        var audit = output.Split('\n').Where(l => l.Contains("Clusterd.Audit[2000]", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(audit); // the read wrote none
        log.WriteLine(line);
        Assert.Contains(@"WORKGROUP\clusterd from 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("ApiCreateGroup - on Group \"audited group\"", line, StringComparison.Ordinal);
        Assert.Contains("-> ERROR_SUCCESS (0)", line, StringComparison.Ordinal);
        Assert.Contains(@"Clusterd.Audit[2100] authentication failed: WORKGROUP\clusterd from 127.0.0.1 (Spnego)", output, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForAsync(ServerProcess server, string text)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!server.Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        return server.Output;
    }
}
