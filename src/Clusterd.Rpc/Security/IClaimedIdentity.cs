namespace Clusterd.Rpc.Security;

/// <summary>An acceptor that knows which account a peer claimed, also when the claim failed (the audit of authentication failures).</summary>
internal interface IClaimedIdentity
{
    /// <summary>"DOMAIN\user" as the peer's AUTHENTICATE message named it ("" for anonymous), or null before one arrived.</summary>
    string? ClaimedUserName { get; }
}
