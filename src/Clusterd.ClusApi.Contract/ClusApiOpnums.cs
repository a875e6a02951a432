namespace Clusterd.ClusApi.Contract;

/// <summary>
/// Names of every opnum of the clusapi 3.0 interface, from <see cref="ClusApiOpnum"/>: 0-185 are methods or named
/// placeholders, 186-263 "OpnumNNNReserved" and 264 "Opnum264NotUsedOnWire" (MS-CMRP Appendix A, Protocol Version 3).
/// </summary>
public static class ClusApiOpnums
{
    /// <summary>The last opnum with a method of its own (ApiClusterNativeUpdateControl).</summary>
    public const ushort LastMethod = (ushort)ClusApiOpnum.ApiClusterNativeUpdateControl;

    /// <summary>The last opnum of the IDL (Opnum264NotUsedOnWire); 186 up to it are reserved.</summary>
    public const ushort LastOpnum = 264;

    private static readonly string[] s_names = BuildNames();

    /// <summary>The method names of opnums 0 to <see cref="LastMethod"/>, indexed by opnum.</summary>
    public static IReadOnlyList<string> Methods { get; } = Array.AsReadOnly(s_names);

    /// <summary>The IDL name of <paramref name="opnum"/>, or null past <see cref="LastOpnum"/>.</summary>
    public static string? NameOf(ushort opnum) => opnum switch
    {
        <= LastMethod => s_names[opnum],
        < LastOpnum => $"Opnum{opnum}Reserved",
        LastOpnum => $"Opnum{opnum}NotUsedOnWire",
        _ => null,
    };

    /// <summary>True for the placeholders a client never sends ("NotUsedOnWire" and "Reserved").</summary>
    public static bool IsPlaceholder(ushort opnum) => NameOf(opnum) is not { } n || !n.StartsWith("Api", StringComparison.Ordinal);

    private static string[] BuildNames()
    {
        var names = new string[LastMethod + 1];
        foreach (var value in Enum.GetValues<ClusApiOpnum>())
        {
            names[(ushort)value] = value.ToString();
        }
        return names;
    }
}
