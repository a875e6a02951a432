namespace Clusterd.Rpc.Security;

/// <summary>negState of NegTokenResp (RFC 4178 4.2.2).</summary>
internal enum SpnegoNegState
{
    AcceptCompleted = 0,
    AcceptIncomplete = 1,
    Reject = 2,
    RequestMic = 3,
}
