using Clusterd.ClusApi.Contract;
using System.Globalization;
using System.Reflection;
using System.Text;
using Clusterd.ClusApi.Controls;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Parity;

/// <summary>
/// Generates docs/parity.md from the code: the opnum table (<see cref="ClusApiOpnums"/>) against the service's dispatch
/// table (<see cref="ClusApiService.Implements"/>), and the control codes the <see cref="ControlDispatcher"/> handles,
/// found by asking it (every catalogued code, and every external code of each object's function range) under both CSV
/// profiles. Notes come from the [ParityNote] attributes on the handlers.
/// </summary>
internal static class ParityMatrix
{
    public const string RegenerateCommand = "UPDATE_PARITY=1 dotnet test tests/Clusterd.ClusApi.Tests --filter Parity";

    /// <summary>Functions probed per object: 0..4095 covers every CLCTL function clusapi.h defines (the largest is 2934).</summary>
    private const uint MaxProbedFunction = 4095;

    private sealed record Method(string Name, ushort Opnum, ControlObject Object, Func<ControlDispatcher, uint, ControlOutput> Run);

    private static readonly Method[] s_methods =
    [
        new("ApiResourceControl", 73, ControlObject.Resource, (d, c) => d.ResourceControl("Cluster Disk 1", c, [], 0x10000)),
        new("ApiResourceTypeControl", 75, ControlObject.ResourceType, (d, c) => d.ResourceTypeControl("Physical Disk", c, [], 0x10000)),
        new("ApiGroupControl", 77, ControlObject.Group, (d, c) => d.GroupControl("Cluster Group", c, [], 0x10000)),
        new("ApiNodeControl", 79, ControlObject.Node, (d, c) => d.NodeControl("node1", c, [], 0x10000)),
        new("ApiNetworkControl", 89, ControlObject.Network, (d, c) => d.NetworkControl("Cluster Network 1", c, [], 0x10000)),
        new("ApiNetInterfaceControl", 98, ControlObject.NetInterface, (d, c) => d.NetInterfaceControl("node1 - Ethernet", c, [], 0x10000)),
        new("ApiClusterControl", 106, ControlObject.Cluster, (d, c) => d.ClusterControl(c, [], 0x10000)),
        new("ApiGroupSetControl", 174, ControlObject.GroupSet, (d, c) => d.GroupSetControl("Cluster Group", c, [], 0x10000)),
    ];

    /// <summary>A control code one method handles, with whether each profile handles it.</summary>
    public sealed record HandledCode(string Method, uint Code, bool Spec, bool Ws2012Plus);

    public static string Generate()
    {
        var sb = new StringBuilder();
        Line(sb, "# Parity matrix: MS-CMRP (ClusAPI 3.0)");
        Line(sb);
        Line(sb, "Generated from the code by `tests/Clusterd.ClusApi.Tests/Parity` — do not edit. Regenerate with");
        Line(sb, $"`{RegenerateCommand}`; the test fails while this file is out of date.");
        Line(sb, "Method status comes from the service's opnum table, control codes from asking the control dispatcher,");
        Line(sb, "notes from the `[ParityNote]` attributes on the handlers.");
        Line(sb);
        WriteOpnums(sb);
        WriteControls(sb);
        return sb.ToString();
    }

    private static void WriteOpnums(StringBuilder sb)
    {
        var methods = Enumerable.Range(0, ClusApiOpnums.LastMethod + 1).Select(o => (ushort)o).ToList();
        var real = methods.Count(o => !ClusApiOpnums.IsPlaceholder(o));
        var done = methods.Count(o => !ClusApiOpnums.IsPlaceholder(o) && ClusApiService.Implements(o));
        Line(sb, "## Methods");
        Line(sb);
        Line(sb, $"{done} of the {real} methods of opnums 0–{ClusApiOpnums.LastMethod} are implemented. The other opnums are placeholders " +
            $"(`NotUsedOnWire`; {ClusApiOpnums.LastMethod + 1}–{ClusApiOpnums.LastOpnum - 1} `Reserved`, {ClusApiOpnums.LastOpnum} `NotUsedOnWire`). " +
            "An opnum that is not implemented answers the fault nca_s_op_rng_error (RPC_S_PROCNUM_OUT_OF_RANGE).");
        Line(sb);
        Line(sb, "The Contract column names the method's request and response types in `src/Clusterd.ClusApi.Contract`, which the server");
        Line(sb, "and `Clusterd.Client` share.");
        Line(sb);
        Line(sb, "| Opnum | Method | Status | Contract | Notes |");
        Line(sb, "|---:|---|---|---|---|");
        foreach (var opnum in methods)
        {
            var name = ClusApiOpnums.NameOf(opnum)!;
            var handler = ClusApiService.HandlerMethod(opnum);
            var status = handler is not null ? "implemented" : ClusApiOpnums.IsPlaceholder(opnum) ? "placeholder" : "not implemented";
            var notes = handler is null ? [] : handler.GetCustomAttributes<ParityNoteAttribute>().Where(a => a.ControlCode is null).Select(a => a.Note);
            var contract = ClusApiService.TypedMethod(opnum) is { } typed ? $"`{TypeName(typed.RequestType)}` → `{TypeName(typed.ResponseType)}`" : "";
            Line(sb, $"| {opnum} | {name} | {status} | {contract} | {Cell(notes)} |");
        }
        foreach (var extra in UnnamedImplementedOpnums())
        {
            Line(sb, $"| {extra} | (not in the IDL) | implemented | | |");
        }
        Line(sb);
    }

    /// <summary>A contract type as C# spells it: <c>OpenResponse&lt;NodeHandle&gt;</c>.</summary>
    private static string TypeName(Type t) => t.IsGenericType
        ? t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", t.GetGenericArguments().Select(TypeName)) + ">"
        : t.Name;

    /// <summary>Opnums past the IDL that the service nevertheless answers (there should be none).</summary>
    public static IEnumerable<ushort> UnnamedImplementedOpnums() =>
        Enumerable.Range(ClusApiOpnums.LastMethod + 1, ushort.MaxValue - ClusApiOpnums.LastMethod).Select(o => (ushort)o).Where(ClusApiService.Implements);

    private static void WriteControls(StringBuilder sb)
    {
        var handled = HandledCodes();
        var notes = ControlNotes();
        Line(sb, "## Control codes");
        Line(sb);
        Line(sb, "Every code some control method handles under the `Spec` or the `WS2012Plus` CSV profile (`--profile`): ✓ when");
        Line(sb, "the dispatcher acts on it, `INVALID_FUNCTION` when it answers ERROR_INVALID_FUNCTION like an unknown code.");
        Line(sb, "The node variants (ApiNodeResourceControl 72, ApiNodeResourceTypeControl 74, ApiNodeGroupControl 76,");
        Line(sb, "ApiNodeNodeControl 78, ApiNodeNetworkControl 88, ApiNodeNetInterfaceControl 97, ApiNodeClusterControl 105) run the");
        Line(sb, "same dispatcher; a node-targeted resource control on a node that does not own the resource fails first.");
        Line(sb, "Common rules (MS-CMRP 3.1.4.2.74): internal codes and codes of another object type are ERROR_INVALID_FUNCTION,");
        Line(sb, "modify-bit codes need \"All\" access, and state-changing codes need the read/write server state.");
        Line(sb);
        foreach (var group in handled.GroupBy(h => h.Method))
        {
            var method = s_methods.First(m => m.Name == group.Key);
            Line(sb, $"### {method.Name} (opnum {method.Opnum}): {group.Count()} codes");
            Line(sb);
            Line(sb, "| Code | Name | Spec | WS2012Plus | Notes |");
            Line(sb, "|---|---|---|---|---|");
            foreach (var h in group.OrderBy(h => h.Code))
            {
                Line(sb, $"| {Hex(h.Code)} | {ControlCodes.NameOf(h.Code) ?? "(not in the catalogue)"} | {Mark(h.Spec)} | {Mark(h.Ws2012Plus)} | " +
                    $"{Cell(notes.Where(n => Matches(n.Code, h.Code)).Select(n => n.Note))} |");
            }
            Line(sb);
        }
        var handledSet = handled.Select(h => h.Code).ToHashSet();
        var unhandled = ControlCodes.All.Where(k => !handledSet.Contains(k.Code.Value)).OrderBy(k => k.Code.Value).ToList();
        Line(sb, $"### Catalogued but not handled: {unhandled.Count} codes");
        Line(sb);
        Line(sb, "Codes in `ControlCodes.All` no method acts on; each answers ERROR_INVALID_FUNCTION.");
        Line(sb);
        Line(sb, "| Code | Name |");
        Line(sb, "|---|---|");
        foreach (var k in unhandled)
        {
            Line(sb, $"| {Hex(k.Code.Value)} | {k.Name} |");
        }
    }

    /// <summary>The codes each control method handles under either profile.</summary>
    public static IReadOnlyList<HandledCode> HandledCodes()
    {
        var result = new List<HandledCode>();
        foreach (var method in s_methods)
        {
            var spec = Probe(method, CsvProfile.Spec);
            var ws = Probe(method, CsvProfile.WS2012Plus);
            foreach (var code in spec.Union(ws).Order())
            {
                result.Add(new HandledCode(method.Name, code, spec.Contains(code), ws.Contains(code)));
            }
        }
        return result;
    }

    /// <summary>Every [ParityNote] with a control code on the dispatcher's handlers.</summary>
    public static IReadOnlyList<(uint Code, string Note)> ControlNotes() =>
        [.. typeof(ControlDispatcher).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .SelectMany(m => m.GetCustomAttributes<ParityNoteAttribute>())
            .Where(a => a.ControlCode is not null)
            .Select(a => (a.ControlCode!.Value, a.Note))];

    /// <summary>A note's code matches exactly, or (object byte 0) by operation.</summary>
    public static bool Matches(uint noteCode, uint code) => noteCode >> 24 == 0 ? (code & 0x00FFFFFF) == noteCode : code == noteCode;

    private static HashSet<uint> Probe(Method method, CsvProfile profile)
    {
        var candidates = new SortedSet<uint>(ControlCodes.All.Select(k => k.Code.Value));
        for (uint f = 0; f <= MaxProbedFunction; f++)
        {
            foreach (var access in new[] { ControlAccess.Any, ControlAccess.Read, ControlAccess.Write, (ControlAccess)3 })
            {
                candidates.Add(ControlCode.External(method.Object, f, access, modify: false));
                candidates.Add(ControlCode.External(method.Object, f, access, modify: true));
            }
        }
        var handled = new HashSet<uint>();
        var engine = NewEngine(profile);
        try
        {
            foreach (var code in candidates)
            {
                var output = method.Run(new ControlDispatcher(engine), code);
                if (output.Error == Win32Error.InvalidFunction)
                {
                    continue;
                }
                handled.Add(code);
                // A handled code may have changed something: the next probes start from a fresh cluster.
                engine.Dispose();
                engine = NewEngine(profile);
            }
        }
        finally
        {
            engine.Dispose();
        }
        return handled;
    }

    private static ClusterEngine NewEngine(CsvProfile profile) => ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(),
        new ClusterOptions { Profile = profile }, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    private static string Mark(bool handled) => handled ? "✓" : "INVALID_FUNCTION";

    private static string Hex(uint code) => "0x" + code.ToString("X8", CultureInfo.InvariantCulture);

    private static string Cell(IEnumerable<string> notes) => string.Join(" ", notes).Replace("|", "\\|", StringComparison.Ordinal);

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
