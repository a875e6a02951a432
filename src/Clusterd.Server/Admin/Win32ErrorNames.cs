using System.Text;
using Clusterd.ClusApi;

namespace Clusterd.Server.Admin;

/// <summary>
/// The winerror.h name of a <see cref="Win32Error"/> (ClusterBackupInProgress → ERROR_CLUSTER_BACKUP_IN_PROGRESS):
/// the member name in UPPER_SNAKE after ERROR_, with the few names winerror.h writes as one word.
/// </summary>
internal static class Win32ErrorNames
{
    private static readonly Dictionary<Win32Error, string> s_exceptions = new()
    {
        [Win32Error.RpcProcnumOutOfRange] = "RPC_S_PROCNUM_OUT_OF_RANGE",
        [Win32Error.ClusterNetInterfaceNotFound] = "ERROR_CLUSTER_NETINTERFACE_NOT_FOUND",
        [Win32Error.ClusterResTypeNotSupported] = "ERROR_CLUSTER_RESTYPE_NOT_SUPPORTED",
        [Win32Error.ClusterResNameNotFound] = "ERROR_CLUSTER_RESNAME_NOT_FOUND",
    };

    /// <summary>The winerror.h name, or <c>ERROR_0xNNNN</c> for a value the enum does not name.</summary>
    public static string Of(Win32Error error)
    {
        if (s_exceptions.TryGetValue(error, out var known))
        {
            return known;
        }
        if (!Enum.IsDefined(error))
        {
            return "ERROR_0x" + ((uint)error).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        }
        var name = error.ToString();
        var sb = new StringBuilder("ERROR_", name.Length + 12);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            // A word starts at an upper-case letter after a lower-case one, or at the last capital of an
            // acronym run followed by lower case ("HWSnapshot" → HW_SNAPSHOT).
            if (i > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                sb.Append('_');
            }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }
}
