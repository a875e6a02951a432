using System.Net;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The audit trail (docs/authorization.md, "Audit trail"): every call that changes state, or tries to, is recorded
/// once with the account, the source address, the method, the control code, the object and the answer, refused
/// calls included; reads are not recorded; failed logons are recorded rate-limited with counts per account and source.
/// </summary>
public sealed class AuditTrailTests
{
    private const int AuditEvent = 2000, AuthFailedEvent = 2100, AuthSummaryEvent = 2101;

    public static TheoryData<MutatingCall> MutatingCalls() => new(FailedCallChangesNothingTests.Cases);

    private static void AssertOneRecord(CapturingLogger log, MutatingCall call, uint result, LogLevel level)
    {
        var records = log.Records;
        var r = Assert.Single(records);
        Assert.Equal(AuditEvent, r.EventId.Id);
        Assert.Equal(level, r.Level);
        Assert.Equal(@"DOM\alice", r.Field("Account"));
        Assert.StartsWith("127.0.0.1:", r.Field("Source"), StringComparison.Ordinal);
        Assert.Equal(call.Opnum.ToString(), r.Field("Method"));
        if (ClusApiMethodAccess.For(call.Opnum).Rule == AccessRule.Control)
        {
            Assert.StartsWith("CLUSCTL_", r.Field("ControlCode"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("-", r.Field("ControlCode"));
        }
        Assert.True(Enum.TryParse<Clusterd.ClusApi.Notifications.NotifyObjectKind>(r.Field("ObjectKind"), out _), r.Message);
        Assert.NotEqual("", r.Field("ObjectName") + r.Field("ObjectId"));
        Assert.Equal(result.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Field("ResultCode"));
        Assert.Equal(Win32ErrorInfo.NameOf((Win32Error)result), r.Field("Result"));
    }

    [Theory]
    [MemberData(nameof(MutatingCalls))]
    public async Task A_state_changing_call_is_recorded_once_with_account_source_method_object_and_result(MutatingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var log = new CapturingLogger();
        var o = await CaseRunner.RunAsync(call, ClusApiAccess.All, new ClusApiAudit(log), beforeCall: () =>
        {
            Assert.Empty(log.Records); // the opens before the call read: nothing recorded
        }, level: Rpc.Security.RpcAuthLevel.Privacy);
        AssertOneRecord(log, call, o.Result, LogLevel.Information);
    }

    [Theory]
    [MemberData(nameof(MutatingCalls))]
    public async Task A_refused_call_is_recorded_once_as_a_warning_with_ERROR_ACCESS_DENIED(MutatingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var log = new CapturingLogger();
        var o = await CaseRunner.RunAsync(call, ClusApiAccess.Read, new ClusApiAudit(log), beforeCall: log.Clear, level: Rpc.Security.RpcAuthLevel.Privacy);
        Assert.Equal((uint)Win32Error.AccessDenied, o.Result);
        AssertOneRecord(log, call, o.Result, LogLevel.Warning);
        Assert.Equal("ERROR_ACCESS_DENIED", log.Records[0].Field("Result"));
    }

    [Fact]
    public async Task Reads_are_not_recorded()
    {
        var log = new CapturingLogger();
        await using var host = ServiceHost.Start(guard: CallerLevels.Guard(new ClusApiAudit(log)));
        await using var c = await host.ConnectAsync();
        _ = await Stub.OpenClusterAsync(c);
        _ = await Stub.OpenClusterExAsync(c, 0x80000000);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new GetClusterNameRequest())).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateEnumRequest(0x4))).Result);
        var disk = await Stub.OpenExAsync(c, new OpenResourceExRequest("Cluster Disk 1", 0x02000000));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new GetResourceStateRequest(disk))).Result);
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, new ResourceControlRequest(disk, ControlCodes.GetSharedVolumeInfo, default, 4096))).Result);
        Assert.Equal(Win32Error.ResourceNotFound, (await c.CallAsync(new OpenResourceRequest("no such resource"))).Status);
        Assert.Empty(log.Records);

        // The same connection changing something: one record.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetResourceNameRequest(disk, "Renamed"))).Result);
        var r = Assert.Single(log.Records);
        Assert.Equal(("ApiSetResourceName", "Resource", "Renamed", "ERROR_SUCCESS"), (r.Field("Method"), r.Field("ObjectKind"), r.Field("ObjectName"), r.Field("Result")));
    }

    [Fact]
    public async Task Failed_logons_are_recorded_rate_limited_with_counts_per_account_and_source()
    {
        var log = new CapturingLogger();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = ServiceHost.Start(configure: o => o with
        {
            AuditLogger = log,
            WarningsPerInterval = 2,
            WarningInterval = TimeSpan.FromSeconds(10),
            Time = time,
        });
        foreach (var (user, password) in new[] { ("alice", "wrong"), ("alice", "wrong"), ("mallory", "x"), ("mallory", "x"), ("alice", "wrong") })
        {
            await using var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.Listener.Port));
            var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword(user, "DOM", password))!;
            await Assert.ThrowsAnyAsync<Exception>(() => client.BindAsync(ServiceHost.ClusApi, initiator, RpcAuthLevel.Privacy));
        }
        // A good logon is not a failure.
        await using (var good = await host.ConnectAsync())
        {
            _ = await Stub.OpenClusterAsync(good);
        }

        var failures = log.Records.Where(r => r.EventId.Id == AuthFailedEvent).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, r => Assert.Equal((LogLevel.Warning, @"DOM\alice", "127.0.0.1", "Spnego"),
            (r.Level, r.Field("Account"), r.Field("Source"), r.Field("AuthType"))));
        Assert.DoesNotContain(log.Records, r => r.EventId.Id == AuthSummaryEvent);

        time.Advance(TimeSpan.FromSeconds(11)); // the window ends: one summary with the counts
        var summary = Assert.Single(log.Records, r => r.EventId.Id == AuthSummaryEvent);
        Assert.Equal("3", summary.Field("Count"));
        Assert.Equal(@"DOM\mallory from 127.0.0.1: 2; DOM\alice from 127.0.0.1: 1", summary.Field("Counts"));
        Assert.Equal(3, log.Records.Count(r => r.EventId.Id is AuthFailedEvent or AuthSummaryEvent));
    }
}
