using System.Globalization;
using System.Text.Json;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;

namespace Clusterd.Server.Faults;

/// <summary>
/// A wire fault rule as JSON (the body of <c>POST /admin/faults/wire</c>, and a scenario step): names or numbers, checked
/// by <see cref="TryValidate"/>. Exactly one action: <c>error</c>, <c>dceFault</c>, <c>delayMs</c> or <c>drop</c>.
/// </summary>
internal sealed record WireFaultRequest
{
    /// <summary>The method: its MS-CMRP name (<c>"ApiResourceControl"</c>) or opnum (<c>73</c>).</summary>
    public JsonElement Opnum { get; init; }

    /// <summary>Control methods only: the clusapi.h name (<c>"CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE"</c>) or the number.</summary>
    public JsonElement? ControlCode { get; init; }

    /// <summary>How many matching calls the rule fires on (default 1).</summary>
    public int? Count { get; init; }

    /// <summary>Answer with this Win32 error: its winerror.h name (<c>"ERROR_SHARING_PAUSED"</c>) or code (<c>70</c>).</summary>
    public JsonElement? Error { get; init; }

    /// <summary>Answer with a fault PDU of this status: a number, or a string in hex (<c>"0x1c010002"</c>).</summary>
    public JsonElement? DceFault { get; init; }

    /// <summary>Hold the call this many milliseconds of real time, then run it.</summary>
    public int? DelayMs { get; init; }

    /// <summary>True: close the connection instead of answering.</summary>
    public bool? Drop { get; init; }

    // By winerror.h name; an enum alias (two members, one value) must not break the table.
    private static readonly Dictionary<string, Win32Error> s_errors = Enum.GetValues<Win32Error>()
        .Where(e => e != Win32Error.Success)
        .DistinctBy(Win32ErrorInfo.NameOf, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(Win32ErrorInfo.NameOf, StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the rule and resolves its names; false with the reason when it is refused.</summary>
    public bool TryValidate(out WireFaultSpec spec, out string reason)
    {
        spec = null!;
        if (!TryOpnum(Opnum, out var opnum, out reason))
        {
            return false;
        }
        var method = ClusApiWireMethods.For((ushort)opnum);
        uint? code = null;
        if (ControlCode is { ValueKind: not JsonValueKind.Null } c)
        {
            if (method is null || !method.HasControlCode)
            {
                reason = $"'controlCode' needs a control method (ApiResourceControl, ApiClusterControl, ...); {opnum} has no control code";
                return false;
            }
            if (!TryControlCode(c, out var value, out reason))
            {
                return false;
            }
            code = value;
        }
        var count = Count ?? 1;
        if (count is < 1 or > WireFaultRules.MaxCount)
        {
            reason = $"'count' must be 1 to {WireFaultRules.MaxCount}, got {count}";
            return false;
        }
        var actions = (Error is { ValueKind: not JsonValueKind.Null } ? 1 : 0) + (DceFault is { ValueKind: not JsonValueKind.Null } ? 1 : 0)
            + (DelayMs is not null ? 1 : 0) + (Drop is not null ? 1 : 0);
        if (actions != 1)
        {
            reason = "give exactly one action: 'error', 'dceFault', 'delayMs' or 'drop'";
            return false;
        }
        WireFaultKind kind;
        uint status = 0;
        var delay = TimeSpan.Zero;
        if (Error is { ValueKind: not JsonValueKind.Null } error)
        {
            if (!TryError(error, out var e, out reason))
            {
                return false;
            }
            (kind, status) = (WireFaultKind.Win32Error, (uint)e);
        }
        else if (DceFault is { ValueKind: not JsonValueKind.Null } fault)
        {
            if (!TryNumber(fault, out status) || status == 0)
            {
                reason = $"'dceFault' must be a nonzero status, a number or \"0x...\", got {fault.GetRawText()}";
                return false;
            }
            kind = WireFaultKind.DceFault;
        }
        else if (DelayMs is { } ms)
        {
            if (ms < 0 || ms > WireFaultRules.MaxDelay.TotalMilliseconds)
            {
                reason = $"'delayMs' must be 0 to {WireFaultRules.MaxDelay.TotalMilliseconds:0}, got {ms}";
                return false;
            }
            (kind, delay) = (WireFaultKind.Delay, TimeSpan.FromMilliseconds(ms));
        }
        else if (Drop is true)
        {
            kind = WireFaultKind.Drop;
        }
        else
        {
            reason = "'drop' must be true";
            return false;
        }
        spec = new WireFaultSpec(opnum, code, count, kind, status, delay);
        reason = "";
        return true;
    }

    private static bool TryOpnum(JsonElement value, out ClusApiOpnum opnum, out string reason)
    {
        opnum = default;
        reason = "";
        ushort number;
        if (value.ValueKind == JsonValueKind.String)
        {
            var name = value.GetString()!;
            var index = ClusApiOpnums.Methods.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                reason = $"'opnum': '{name}' is not a ClusAPI method name (MS-CMRP 3.1.4.2, e.g. ApiResourceControl)";
                return false;
            }
            number = (ushort)index;
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out number))
        {
        }
        else
        {
            reason = $"'opnum' must be a ClusAPI method name or opnum, got {(value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText())}";
            return false;
        }
        if (!ClusApiService.Implements(number) || ClusApiWireMethods.For(number) is null)
        {
            reason = $"'opnum': {ClusApiOpnums.NameOf(number) ?? "opnum " + number} ({number}) is not a method this server implements";
            return false;
        }
        opnum = (ClusApiOpnum)number;
        return true;
    }

    private static bool TryControlCode(JsonElement value, out uint code, out string reason)
    {
        reason = "";
        if (value.ValueKind == JsonValueKind.String && ControlCodes.All.FirstOrDefault(k =>
                string.Equals(k.Name, value.GetString(), StringComparison.OrdinalIgnoreCase)) is { Name: not null } known)
        {
            code = known.Code.Value;
            return true;
        }
        if (TryNumber(value, out code))
        {
            return true;
        }
        reason = $"'controlCode': {value.GetRawText()} is neither a known CLUSCTL_* name nor a number";
        return false;
    }

    private static bool TryError(JsonElement value, out Win32Error error, out string reason)
    {
        reason = "";
        if (value.ValueKind == JsonValueKind.String && s_errors.TryGetValue(value.GetString()!, out error))
        {
            return true;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var code) && code != 0)
        {
            error = (Win32Error)code;
            return true;
        }
        error = default;
        reason = $"'error': {value.GetRawText()} is neither a known Win32 error name (ERROR_...) nor a nonzero code";
        return false;
    }

    private static bool TryNumber(JsonElement value, out uint number)
    {
        number = 0;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetUInt32(out number);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var text = value.GetString()!;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
