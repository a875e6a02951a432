using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The audit trail of ClusAPI: one structured record for every call that changes state or tries to (a method that
/// requires "All", a control code with the modify bit or write access), refused ones included, under the logger
/// category <see cref="Category"/> (docs/authorization.md, "Audit trail"). Reads are not recorded.
/// </summary>
internal sealed partial class ClusApiAudit(ILogger logger)
{
    /// <summary>The logger category of the audit records.</summary>
    public const string Category = ClusApiService.AuditCategory;

    /// <summary>An audit that records nothing (tests and hosts that do not log).</summary>
    public static readonly ClusApiAudit None = new(NullLogger.Instance);

    /// <summary>True when records are written (the category is enabled at Information).</summary>
    public bool Enabled => logger.IsEnabled(LogLevel.Information);

    /// <summary>
    /// Records one call: who (account and source address), what (method, control code), on what (object kind, name
    /// and ID) and the answer. A refused call (ERROR_ACCESS_DENIED) is a warning, any other answer information.
    /// Runs under the engine lock, so the object's name is the one the call saw.
    /// </summary>
    public void Record(ICluster engine, RpcCallContext context, ClusApiOpnum opnum, uint? controlCode, (ClusApiObjectKind Kind, string Id)? subject,
        Win32Error result)
    {
        if (!Enabled)
        {
            return;
        }
        var account = string.IsNullOrEmpty(context.UserName) ? "anonymous" : context.UserName;
        var source = context.RemoteEndPoint?.ToString() ?? "?";
        var control = controlCode is { } code ? ControlCodes.NameOf(code) ?? $"0x{code:X8}" : "-";
        var (kind, id) = subject ?? (ClusApiObjectKind.Cluster, "");
        var name = NameOf(engine, kind, id);
        var method = opnum.ToString();
        var objectKind = kind.ToString();
        var answer = Win32ErrorInfo.NameOf(result);
        Call(logger, result == Win32Error.AccessDenied ? LogLevel.Warning : LogLevel.Information, account, source, method, control,
            objectKind, name, id, answer, (uint)result);
    }

    /// <summary>The object's current name, or its ID when it has none (a deleted object); a key is its database path after a backslash (the root alone is a backslash).</summary>
    private static string NameOf(ICluster engine, ClusApiObjectKind kind, string id)
    {
        var q = engine.Queries;
        return kind switch
        {
            ClusApiObjectKind.Cluster => q.GetClusterInfo().Name,
            ClusApiObjectKind.Node => q.FindNode(id)?.Name,
            ClusApiObjectKind.Group => q.FindGroup(id)?.Name,
            ClusApiObjectKind.Resource => q.FindResource(id)?.Name,
            ClusApiObjectKind.Network => q.FindNetwork(id)?.Name,
            ClusApiObjectKind.NetInterface => q.FindNetInterface(id)?.Name,
            ClusApiObjectKind.GroupSet => q.FindGroupSet(id)?.Name,
            ClusApiObjectKind.Key => "\\" + id, // the database path under the root key ("\" is the root)
            _ => null,
        } ?? id;
    }

    [LoggerMessage(EventId = 2000, EventName = "ClusApiAudit",
        Message = "{Account} from {Source}: {Method} {ControlCode} on {ObjectKind} \"{ObjectName}\" ({ObjectId}) -> {Result} ({ResultCode})")]
    private static partial void Call(ILogger logger, LogLevel level, string account, string source, string method, string controlCode, string objectKind,
        string objectName, string objectId, string result, uint resultCode);
}

/// <summary>
/// What the service applies around every call: the cluster's accounts, against which the caller's level is evaluated
/// from the cluster security descriptor in the engine state (MS-CMRP 3.1.1.3, docs/authorization.md), and the audit
/// trail.
/// </summary>
/// <param name="Accounts">The accounts the descriptor names by SID.</param>
/// <param name="Audit">Where state-changing calls are recorded.</param>
internal sealed record ClusApiGuard(ClusterAccounts Accounts, ClusApiAudit Audit)
{
    /// <summary>No accounts (unauthenticated callers admitted) and nothing recorded: an embedded engine.</summary>
    public static readonly ClusApiGuard Default = new(ClusterAccounts.None, ClusApiAudit.None);
}
