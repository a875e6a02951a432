using Clusterd.ClusApi;

namespace Clusterd.Server.Admin;

/// <summary>The winerror.h name of a <see cref="Win32Error"/> for the admin API (<see cref="Win32ErrorInfo.NameOf"/>).</summary>
internal static class Win32ErrorNames
{
    /// <summary>The winerror.h name, or <c>ERROR_0xNNNN</c> for a value the enum does not name.</summary>
    public static string Of(Win32Error error) => Win32ErrorInfo.NameOf(error);
}
