namespace Clusterd.Rpc.Security;

/// <summary>Object identifiers SPNEGO negotiation meets (dcerpc-ntlm.md §3.3).</summary>
internal static class SpnegoOids
{
    public const string Spnego = "1.3.6.1.5.5.2";
    public const string Ntlmssp = "1.3.6.1.4.1.311.2.2.10";
    public const string Kerberos = "1.2.840.113554.1.2.2";
    public const string MsKerberos = "1.2.840.48018.1.2.2";
    public const string NegoEx = "1.3.6.1.4.1.311.2.2.30";
}
