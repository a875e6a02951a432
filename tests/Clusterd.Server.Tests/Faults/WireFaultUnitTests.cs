using System.Text.Json;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;
using Clusterd.Server.Faults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Server.Tests.Faults;

/// <summary>The wire fault rules, their validation, and the failure answers they inject, without a server.</summary>
public sealed class WireFaultUnitTests
{
    private static WireFaultRequest Parse(string json) => JsonSerializer.Deserialize<WireFaultRequest>(json, Clusterd.Server.Admin.AdminJson.Options)!;

    private static WireFaultSpec Valid(string json)
    {
        Assert.True(Parse(json).TryValidate(out var spec, out var reason), reason);
        return spec;
    }

    private static string Refused(string json)
    {
        Assert.False(Parse(json).TryValidate(out _, out var reason));
        Assert.NotEmpty(reason);
        return reason;
    }

    [Fact]
    public void Every_implemented_method_has_a_failure_answer_in_its_own_response_shape_carrying_the_error()
    {
        var checkedMethods = 0;
        for (ushort opnum = 0; opnum <= ClusApiOpnums.LastMethod; opnum++)
        {
            if (!ClusApiService.Implements(opnum))
            {
                continue;
            }
            var method = ClusApiWireMethods.For(opnum);
            Assert.NotNull(method);
            var request = Activator.CreateInstance(method.RequestType)!;
            var result = method.Fail(request, Win32Error.ClusterBackupInProgress);
            Assert.Null(result.FaultStatus);
            Assert.False(result.ClosesConnection);

            // A client decodes it as the method's response, and finds the error in its result (or Status).
            var response = method.DecodeResponse(result.Stub);
            var errors = response.GetType().GetProperties().Where(p => p.PropertyType == typeof(Win32Error)).Select(p => (Win32Error)p.GetValue(response)!).ToList();
            Assert.True(errors.Contains(Win32Error.ClusterBackupInProgress), $"{(ClusApiOpnum)opnum}: no Win32Error field carries the error");
            var rpcStatus = response.GetType().GetProperty("RpcStatus");
            Assert.True(rpcStatus is null || (uint)rpcStatus.GetValue(response)! == 0, $"{(ClusApiOpnum)opnum}: rpc_status not 0");
            checkedMethods++;
        }
        Assert.True(checkedMethods > 100, $"only {checkedMethods} methods checked");
    }

    [Fact]
    public void A_failed_control_keeps_the_requests_nOutBufferSize_and_returns_no_bytes()
    {
        var method = ClusApiWireMethods.For((ushort)ClusApiOpnum.ApiResourceControl)!;
        var request = new ResourceControlRequest(default, ControlCodes.SetSharedVolumeBackupMode, new byte[] { 1, 2 }, 512);
        var response = (ControlResponse)method.DecodeResponse(method.Fail(request, Win32Error.SharingPaused).Stub);
        Assert.Equal(new ControlResponse(512, ReadOnlyMemory<byte>.Empty, 0, 0, Win32Error.SharingPaused), response with { Output = ReadOnlyMemory<byte>.Empty });
        Assert.Equal(0, response.Output.Length);
        Assert.Equal(ControlCodes.SetSharedVolumeBackupMode, method.ControlCodeOf(request));
    }

    [Fact]
    public void A_failed_close_hands_the_handle_back_unclosed_and_a_failed_open_answers_NULL()
    {
        var handle = new ResourceHandle(new NdrContextHandle(0, Guid.NewGuid()));
        var close = ClusApiWireMethods.For((ushort)ClusApiOpnum.ApiCloseResource)!;
        var closed = (CloseResponse<ResourceHandle>)close.DecodeResponse(close.Fail(new CloseResourceRequest(handle), Win32Error.InvalidHandle).Stub);
        Assert.Equal(new CloseResponse<ResourceHandle>(handle, Win32Error.InvalidHandle), closed);

        var open = ClusApiWireMethods.For((ushort)ClusApiOpnum.ApiOpenResource)!;
        var opened = (OpenResponse<ResourceHandle>)open.DecodeResponse(open.Fail(new OpenResourceRequest("Cluster Disk 1"), Win32Error.ResourceNotFound).Stub);
        Assert.Equal(Win32Error.ResourceNotFound, opened.Status);
        Assert.True(opened.Handle.IsNull);
    }

    [Fact]
    public void Rule_by_names_resolves_method_control_code_and_error()
    {
        var spec = Valid("""{"opnum":"ApiResourceControl","controlCode":"CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE","error":"ERROR_SHARING_PAUSED"}""");
        Assert.Equal(new WireFaultSpec(ClusApiOpnum.ApiResourceControl, ControlCodes.SetSharedVolumeBackupMode, 1, WireFaultKind.Win32Error, 70, TimeSpan.Zero), spec);
        Assert.Equal(spec with { Count = 3 }, Valid($$"""{"opnum":73,"controlCode":{{ControlCodes.SetSharedVolumeBackupMode}},"count":3,"error":70}"""));
        Assert.Equal(new WireFaultSpec(ClusApiOpnum.ApiOpenResource, null, 1, WireFaultKind.DceFault, 0x1C010002, TimeSpan.Zero),
            Valid("""{"opnum":"ApiOpenResource","dceFault":"0x1c010002"}"""));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Valid("""{"opnum":"ApiGetClusterName","delayMs":250}""").Delay);
        Assert.Equal(WireFaultKind.Drop, Valid("""{"opnum":"ApiGetClusterName","drop":true}""").Kind);
    }

    [Fact]
    public void Rule_for_an_unknown_or_unimplemented_opnum_is_refused()
    {
        Assert.Contains("not a ClusAPI method name", Refused("""{"opnum":"ApiNoSuchMethod","drop":true}"""), StringComparison.Ordinal);
        Assert.Contains("not a method this server implements", Refused("""{"opnum":9999,"drop":true}"""), StringComparison.Ordinal);
        Assert.Contains("not a method this server implements", Refused("""{"opnum":200,"drop":true}"""), StringComparison.Ordinal);
        Assert.Contains("'opnum' must be", Refused("""{"drop":true}"""), StringComparison.Ordinal);
        Assert.Contains("'opnum' must be", Refused("""{"opnum":-1,"drop":true}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_with_a_control_code_on_a_method_without_one_is_refused()
    {
        Assert.Contains("needs a control method", Refused("""{"opnum":"ApiOpenResource","controlCode":"CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE","error":5}"""),
            StringComparison.Ordinal);
        Assert.Contains("'controlCode'", Refused("""{"opnum":"ApiResourceControl","controlCode":"CLUSCTL_NOPE","error":5}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"opnum":"ApiGetClusterName"}""", "exactly one action")]
    [InlineData("""{"opnum":"ApiGetClusterName","error":5,"drop":true}""", "exactly one action")]
    [InlineData("""{"opnum":"ApiGetClusterName","error":"ERROR_NOPE"}""", "'error'")]
    [InlineData("""{"opnum":"ApiGetClusterName","error":0}""", "'error'")]
    [InlineData("""{"opnum":"ApiGetClusterName","error":"ERROR_SUCCESS"}""", "'error'")]
    [InlineData("""{"opnum":"ApiGetClusterName","dceFault":0}""", "'dceFault'")]
    [InlineData("""{"opnum":"ApiGetClusterName","dceFault":"0xZZ"}""", "'dceFault'")]
    [InlineData("""{"opnum":"ApiGetClusterName","delayMs":-1}""", "'delayMs'")]
    [InlineData("""{"opnum":"ApiGetClusterName","delayMs":60001}""", "'delayMs'")]
    [InlineData("""{"opnum":"ApiGetClusterName","drop":false}""", "'drop'")]
    [InlineData("""{"opnum":"ApiGetClusterName","count":0,"drop":true}""", "'count'")]
    [InlineData("""{"opnum":"ApiGetClusterName","count":1000001,"drop":true}""", "'count'")]
    public void Malformed_rule_is_refused_with_its_reason(string json, string reason) =>
        Assert.Contains(reason, Refused(json), StringComparison.Ordinal);

    [Fact]
    public void Rule_fires_count_times_in_order_then_is_gone_and_only_on_its_control_code()
    {
        var rules = new WireFaultRules();
        var op = (ushort)ClusApiOpnum.ApiResourceControl;
        var backup = rules.Add(new WireFaultSpec(ClusApiOpnum.ApiResourceControl, ControlCodes.SetSharedVolumeBackupMode, 2, WireFaultKind.Drop, 0, TimeSpan.Zero))!;
        var any = rules.Add(new WireFaultSpec(ClusApiOpnum.ApiResourceControl, null, 1, WireFaultKind.DceFault, 5, TimeSpan.Zero))!;
        Assert.True(rules.HasRulesFor(op));
        Assert.False(rules.HasRulesFor((ushort)ClusApiOpnum.ApiOpenResource));

        Assert.Equal(backup.Id, rules.TryFire(op, ControlCodes.SetSharedVolumeBackupMode)!.Id);
        Assert.Equal(any.Id, rules.TryFire(op, ControlCodes.GetSharedVolumeInfo)!.Id);
        Assert.Null(rules.TryFire(op, ControlCodes.GetSharedVolumeInfo));
        var last = rules.TryFire(op, ControlCodes.SetSharedVolumeBackupMode)!;
        Assert.Equal((backup.Id, 0), (last.Id, last.Remaining));
        Assert.Null(rules.TryFire(op, ControlCodes.SetSharedVolumeBackupMode));
        Assert.Empty(rules.Snapshot());
        Assert.False(rules.HasRulesFor(op));
    }

    [Fact]
    public void Remove_and_Clear_take_rules_away_and_at_most_MaxRules_are_kept()
    {
        var rules = new WireFaultRules();
        var spec = new WireFaultSpec(ClusApiOpnum.ApiGetClusterName, null, 1, WireFaultKind.Drop, 0, TimeSpan.Zero);
        var first = rules.Add(spec)!;
        Assert.True(rules.Remove(first.Id));
        Assert.False(rules.Remove(first.Id));
        Assert.False(rules.HasRulesFor((ushort)ClusApiOpnum.ApiGetClusterName));
        for (var i = 0; i < WireFaultRules.MaxRules; i++)
        {
            Assert.NotNull(rules.Add(spec));
        }
        Assert.Null(rules.Add(spec));
        Assert.Equal(WireFaultRules.MaxRules, rules.Clear());
        Assert.Empty(rules.Snapshot());
        Assert.NotEqual(first.Id, rules.Add(spec)!.Id);
    }

    [Fact]
    public async Task Dispatcher_answers_a_matching_call_itself_never_inline_and_passes_the_rest_on()
    {
        var inner = new CountingDispatcher();
        var rules = new WireFaultRules();
        var time = new FakeTimeProvider();
        var dispatcher = new WireFaultDispatcher(inner, rules, time, NullLogger.Instance);
        var op = (ushort)ClusApiOpnum.ApiResourceControl;
        var backup = ClusApiCodec.Encode(new ResourceControlRequest(default, ControlCodes.SetSharedVolumeBackupMode, null, 0));
        var info = ClusApiCodec.Encode(new ResourceControlRequest(default, ControlCodes.GetSharedVolumeInfo, null, 64));
        rules.Add(new WireFaultSpec(ClusApiOpnum.ApiResourceControl, ControlCodes.SetSharedVolumeBackupMode, 1, WireFaultKind.DceFault, 0x1C010002, TimeSpan.Zero));

        Assert.False(dispatcher.TryInvokeInline(op, info, null!, default, out _));
        Assert.Equal(0, inner.Calls);
        Assert.Same(CountingDispatcher.Answer, await dispatcher.InvokeAsync(op, info, CountingDispatcher.Context, default));
        Assert.Equal(0x1C010002u, (await dispatcher.InvokeAsync(op, backup, CountingDispatcher.Context, default)).FaultStatus);
        Assert.Equal(1, inner.Calls);
        Assert.True(dispatcher.TryInvokeInline(op, info, null!, default, out _));
        Assert.Equal(2, inner.Calls);

        // A delay waits on its own clock and then runs the call.
        rules.Add(new WireFaultSpec(ClusApiOpnum.ApiResourceControl, null, 1, WireFaultKind.Delay, 0, TimeSpan.FromSeconds(5)));
        var delayed = dispatcher.InvokeAsync(op, info, CountingDispatcher.Context, default).AsTask();
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(delayed.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Same(CountingDispatcher.Answer, await delayed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, inner.Calls);

        // A request that does not decode goes to the service, which answers its fault; the rule stays.
        rules.Add(new WireFaultSpec(ClusApiOpnum.ApiResourceControl, null, 1, WireFaultKind.Drop, 0, TimeSpan.Zero));
        Assert.Same(CountingDispatcher.Answer, await dispatcher.InvokeAsync(op, new byte[] { 1 }, CountingDispatcher.Context, default));
        Assert.Single(rules.Snapshot());
        Assert.True((await dispatcher.InvokeAsync(op, info, CountingDispatcher.Context, default)).ClosesConnection);
    }

    private sealed class CountingDispatcher : IRpcInlineDispatcher
    {
        public static readonly RpcCallResult Answer = RpcCallResult.Success(new byte[] { 42 });

        public static readonly RpcCallContext Context = null!;

        public int Calls { get; private set; }

        public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult(Answer);
        }

        public bool TryInvokeInline(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken, out RpcCallResult result)
        {
            Calls++;
            result = Answer;
            return true;
        }
    }
}
