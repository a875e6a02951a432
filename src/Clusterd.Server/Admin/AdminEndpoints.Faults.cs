using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Server.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Admin;

internal static partial class AdminEndpoints
{
    /// <summary>The wire fault routes: <c>GET|POST|DELETE /admin/faults/wire</c>, <c>DELETE /admin/faults/wire/{id}</c>.</summary>
    private static void MapWireFaults(RouteGroupBuilder admin, WireFaultRules rules, ILogger log)
    {
        admin.MapGet("/faults/wire", () => AdminJson.Ok(new WireFaultList([.. rules.Snapshot().Select(ToView)])))
            .Produces<WireFaultList>();
        admin.MapPost("/faults/wire", async (HttpRequest request) =>
        {
            var (body, bad) = await AdminJson.ReadBodyAsync<WireFaultRequest>(request).ConfigureAwait(false);
            if (bad is not null)
            {
                return bad;
            }
            if (!body!.TryValidate(out var spec, out var reason))
            {
                return AdminJson.BadRequest(reason);
            }
            if (rules.Add(spec) is not { } rule)
            {
                return AdminJson.BadRequest($"at most {WireFaultRules.MaxRules} wire fault rules at once");
            }
            var view = ToView(rule);
            Log.AdminAction(log, $"faults wire add {view.Id}: {view.Method} {view.ControlCode ?? "-"} x{view.Count}", WireFaultDispatcher.Describe(spec));
            return AdminJson.Ok(view);
        }).Accepts<WireFaultRequest>("application/json").Produces<WireFaultView>();
        admin.MapDelete("/faults/wire/{id}", (string id) =>
        {
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !rules.Remove(number))
            {
                return AdminJson.Error(Win32Error.FileNotFound, $"no wire fault rule '{id}'");
            }
            Log.AdminAction(log, $"faults wire remove {number}", "removed");
            return AdminJson.Ok(new WireFaultRemoved(number, 1));
        }).Produces<WireFaultRemoved>();
        admin.MapDelete("/faults/wire", () =>
        {
            var removed = rules.Clear();
            Log.AdminAction(log, "faults wire clear", $"{removed} removed");
            return AdminJson.Ok(new WireFaultRemoved(null, removed));
        }).Produces<WireFaultRemoved>();
    }

    private static WireFaultView ToView(WireFaultRule rule)
    {
        var s = rule.Spec;
        return new WireFaultView(
            rule.Id, s.Opnum.ToString(), (int)s.Opnum, s.ControlCode is { } c ? ControlCodes.NameOf(c) ?? $"0x{c:X8}" : null, s.ControlCode,
            s.Count, rule.Remaining,
            s.Kind switch { WireFaultKind.Win32Error => "error", WireFaultKind.DceFault => "dceFault", WireFaultKind.Delay => "delay", _ => "drop" },
            s.Kind == WireFaultKind.Win32Error ? Win32ErrorInfo.NameOf((Win32Error)s.Status) : null,
            s.Kind == WireFaultKind.Win32Error ? s.Status : null,
            s.Kind == WireFaultKind.DceFault ? s.Status : null,
            s.Kind == WireFaultKind.Delay ? (int)s.Delay.TotalMilliseconds : null);
    }
}

/// <summary>One wire fault rule as the admin API shows it.</summary>
/// <param name="Id">The rule id (for DELETE /admin/faults/wire/{id}).</param>
/// <param name="Method">The method's MS-CMRP name.</param>
/// <param name="Opnum">Its opnum.</param>
/// <param name="ControlCode">The control code's clusapi.h name (or hex), or null for any call.</param>
/// <param name="ControlCodeValue">The control code's value, or null.</param>
/// <param name="Count">Matching calls it fires on in all.</param>
/// <param name="Remaining">Matching calls it still fires on.</param>
/// <param name="Action">error, dceFault, delay or drop.</param>
/// <param name="Error">The Win32 error's name (action error).</param>
/// <param name="Code">The Win32 error's code (action error).</param>
/// <param name="DceFault">The fault status (action dceFault).</param>
/// <param name="DelayMs">The delay in milliseconds (action delay).</param>
internal sealed record WireFaultView(
    int Id, string Method, int Opnum, string? ControlCode, uint? ControlCodeValue, int Count, int Remaining, string Action,
    string? Error, uint? Code, uint? DceFault, int? DelayMs);

/// <summary>GET /admin/faults/wire: the rules in match order.</summary>
/// <param name="Rules">The rules.</param>
internal sealed record WireFaultList(IReadOnlyList<WireFaultView> Rules);

/// <summary>The answer of a DELETE: the rule removed (null when all were cleared) and how many went.</summary>
/// <param name="Id">The rule removed, or null for a clear.</param>
/// <param name="Removed">How many rules were removed.</param>
internal sealed record WireFaultRemoved(int? Id, int Removed);
