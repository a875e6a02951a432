namespace Clusterd.Rpc.Security;

/// <summary>The VERSION structure of NTLMSSP messages (MS-NLMP 2.2.2.10); purely informational.</summary>
/// <param name="Major">ProductMajorVersion.</param>
/// <param name="Minor">ProductMinorVersion.</param>
/// <param name="Build">ProductBuild.</param>
/// <param name="Revision">NTLMRevisionCurrent, 0x0F.</param>
public readonly record struct NtlmVersion(byte Major, byte Minor, ushort Build, byte Revision = NtlmWire.NtlmRevisionCurrent)
{
    /// <summary>Windows Server 2016/2019/2022 style version 10.0.20348 (what this server reports by default).</summary>
    public static NtlmVersion Default { get; } = new(10, 0, 20348);
}
