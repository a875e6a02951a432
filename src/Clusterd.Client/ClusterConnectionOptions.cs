using System.Globalization;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Microsoft.Extensions.Logging;

namespace Clusterd.Client;

/// <summary>Where and how <see cref="ClusterClient"/> connects.</summary>
public sealed record ClusterConnectionOptions
{
    /// <summary>The cluster's (or a node's) host name or IP address.</summary>
    public required string Host { get; init; }

    /// <summary>
    /// The ClusAPI TCP port, or null to ask the endpoint mapper at <see cref="EndpointMapperPort"/> for it, as
    /// Windows clients do (MS-RPCE 2.1.1.1).
    /// </summary>
    public int? Port { get; init; }

    /// <summary>The endpoint mapper's port (135).</summary>
    public int EndpointMapperPort { get; init; } = 135;

    /// <summary>The NTLM account: <see cref="NtlmCredential.FromPassword"/> or <see cref="NtlmCredential.FromNtHash"/>.</summary>
    public required NtlmCredential Credential { get; init; }

    /// <summary>The protection of every call: packet privacy (sealed) by default, as MS-CMRP 2.1 asks.</summary>
    public RpcAuthLevel AuthLevel { get; init; } = RpcAuthLevel.Privacy;

    /// <summary>How long to wait for the connection and the authenticated bind.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Optional: connection, reconnection and retry events go here.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Reads <c>HOST</c>, <c>HOST:PORT</c>, <c>[IPv6]</c> or <c>[IPv6]:PORT</c> into <see cref="Host"/> and
    /// <see cref="Port"/>; false for an empty host or a port outside 1-65535.
    /// </summary>
    public static bool TryParseAddress(string value, out string host, out int? port)
    {
        ArgumentNullException.ThrowIfNull(value);
        host = "";
        port = null;
        var v = value.Trim();
        string? portText = null;
        if (v.StartsWith('['))
        {
            var close = v.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            host = v[1..close];
            var rest = v[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    return false;
                }
                portText = rest[1..];
            }
        }
        else if (v.Count(c => c == ':') == 1)
        {
            var i = v.IndexOf(':', StringComparison.Ordinal);
            host = v[..i];
            portText = v[(i + 1)..];
        }
        else
        {
            host = v; // a name, an IPv4 address, or a bare IPv6 address
        }
        if (host.Length == 0)
        {
            return false;
        }
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }
            port = p;
        }
        return true;
    }
}
