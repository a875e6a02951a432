namespace Clusterd.Rpc.Security;

/// <summary>Object identifiers SPNEGO negotiation meets (RFC 4178 for SPNEGO, RFC 4121 for Kerberos, MS-NLMP for NTLMSSP).</summary>
internal static class SpnegoOids
{
    public const string Spnego = "1.3.6.1.5.5.2";
    public const string Ntlmssp = "1.3.6.1.4.1.311.2.2.10";
    public const string Kerberos = "1.2.840.113554.1.2.2";
    public const string MsKerberos = "1.2.840.48018.1.2.2";
    public const string NegoEx = "1.3.6.1.4.1.311.2.2.30";
}
