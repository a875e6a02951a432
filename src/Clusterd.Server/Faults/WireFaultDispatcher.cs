using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Faults;

/// <summary>
/// Emulator only: wraps the ClusAPI dispatcher and applies <see cref="WireFaultRules"/> to the calls it serves. A call
/// of a method no rule names goes straight through, inline or not. Otherwise its request is decoded (one that does not
/// decode is passed on, so the service answers its fault) and the first matching rule fires: a Win32 error is the
/// method's own response with that error (the service does not run), a DCE fault is a fault PDU, a drop closes the
/// connection without an answer, and a delay holds the call for that much real time (never the virtual clock, which
/// may be paused) and then runs it. Every firing is logged.
/// </summary>
internal sealed class WireFaultDispatcher(IRpcInlineDispatcher inner, WireFaultRules rules, TimeProvider realTime, ILogger log) : IRpcInlineDispatcher
{
    /// <inheritdoc />
    public bool TryInvokeInline(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken,
        out RpcCallResult result)
    {
        if (rules.HasRulesFor(opnum))
        {
            // A call a rule may match runs on a pool worker (InvokeAsync), where it may wait.
            result = null!;
            return false;
        }
        return inner.TryInvokeInline(opnum, stub, context, cancellationToken, out result);
    }

    /// <inheritdoc />
    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        if (!rules.HasRulesFor(opnum) || ClusApiWireMethods.For(opnum) is not { } method)
        {
            return inner.InvokeAsync(opnum, stub, context, cancellationToken);
        }
        object request;
        try
        {
            request = method.Decode(stub);
        }
        catch (NdrException)
        {
            return inner.InvokeAsync(opnum, stub, context, cancellationToken);
        }
        var code = method.ControlCodeOf(request);
        if (rules.TryFire(opnum, code) is not { } rule)
        {
            return inner.InvokeAsync(opnum, stub, context, cancellationToken);
        }
        var spec = rule.Spec;
        Log.WireFaultFired(log, rule.Id, ClusApiOpnums.NameOf(opnum) ?? opnum.ToString(System.Globalization.CultureInfo.InvariantCulture),
            code is { } c ? ControlCodes.NameOf(c) ?? $"0x{c:X8}" : "-", Describe(spec), rule.Remaining, PeerOf(context));
        return spec.Kind switch
        {
            WireFaultKind.Win32Error => ValueTask.FromResult(method.Fail(request, (Win32Error)spec.Status)),
            WireFaultKind.DceFault => ValueTask.FromResult(RpcCallResult.Fault(spec.Status)),
            WireFaultKind.Drop => ValueTask.FromResult(RpcCallResult.CloseConnection),
            _ => DelayThenInvokeAsync(spec.Delay, opnum, stub, context, cancellationToken),
        };
    }

    // Null only in unit tests, which have no connection.
    private static string PeerOf(RpcCallContext? context) => context?.RemoteEndPoint?.ToString() ?? "?";

    /// <summary>A short description of a rule's action for logs and the admin API.</summary>
    public static string Describe(WireFaultSpec spec) => spec.Kind switch
    {
        WireFaultKind.Win32Error => $"error {Win32ErrorInfo.NameOf((Win32Error)spec.Status)} ({spec.Status})",
        WireFaultKind.DceFault => $"dce fault 0x{spec.Status:x8}",
        WireFaultKind.Delay => $"delay {spec.Delay.TotalMilliseconds:0} ms",
        _ => "drop the connection",
    };

    private async ValueTask<RpcCallResult> DelayThenInvokeAsync(TimeSpan delay, ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context,
        CancellationToken cancellationToken)
    {
        // The stub belongs to the connection only until the dispatcher returns a pending task: keep a copy across the wait.
        var copy = stub.ToArray();
        await Task.Delay(delay, realTime, cancellationToken).ConfigureAwait(false);
        return await inner.InvokeAsync(opnum, copy, context, cancellationToken).ConfigureAwait(false);
    }
}
