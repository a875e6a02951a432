using System.Xml.Linq;
using Clusterd.ClusApi;
using Clusterd.Server.Admin;

namespace Clusterd.Server.Tests;

public sealed class Win32ErrorNamesTests
{
    [Theory]
    [InlineData(Win32Error.ClusterBackupInProgress, "ERROR_CLUSTER_BACKUP_IN_PROGRESS")]
    [InlineData(Win32Error.Success, "ERROR_SUCCESS")]
    [InlineData(Win32Error.InvalidParameter, "ERROR_INVALID_PARAMETER")]
    [InlineData(Win32Error.ClusterNetInterfaceNotFound, "ERROR_CLUSTER_NETINTERFACE_NOT_FOUND")]
    [InlineData(Win32Error.RpcProcnumOutOfRange, "RPC_S_PROCNUM_OUT_OF_RANGE")]
    [InlineData((Win32Error)0xBEEF, "ERROR_0xBEEF")]
    public void Names_are_the_winerror_h_names(Win32Error error, string expected) =>
        Assert.Equal(expected, Win32ErrorNames.Of(error));

    /// <summary>Every member's XML doc starts with its winerror.h name: the mapping must agree with all of them.</summary>
    [Fact]
    public void Every_enum_member_maps_to_the_name_its_documentation_gives()
    {
        var xml = Path.Combine(AppContext.BaseDirectory, "Clusterd.ClusApi.Types.xml");
        var docs = XDocument.Load(xml).Descendants("member")
            .Where(m => ((string?)m.Attribute("name"))?.StartsWith("F:Clusterd.ClusApi.Win32Error.", StringComparison.Ordinal) == true)
            .ToDictionary(m => ((string)m.Attribute("name")!)["F:Clusterd.ClusApi.Win32Error.".Length..], m => m.Element("summary")!.Value.Trim());
        var mismatches = new List<string>();
        foreach (var error in Enum.GetValues<Win32Error>())
        {
            var documented = docs[error.ToString()].Split(':', '.', ' ')[0];
            if (documented != Win32ErrorNames.Of(error))
            {
                mismatches.Add($"{error}: {Win32ErrorNames.Of(error)} vs documented {documented}");
            }
        }
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(Win32Error.ClusterBackupInProgress, 409)]
    [InlineData(Win32Error.ClusterInvalidRequest, 409)]
    [InlineData(Win32Error.ResourceNotOnline, 409)]
    [InlineData(Win32Error.InvalidParameter, 400)]
    [InlineData(Win32Error.InvalidFunction, 400)]
    [InlineData(Win32Error.ResourceNotFound, 404)]
    [InlineData(Win32Error.ClusterNodeNotFound, 404)]
    [InlineData(Win32Error.GroupNotFound, 404)]
    [InlineData(Win32Error.WriteFault, 503)]
    public void Http_status_follows_the_kind_of_error(Win32Error error, int status) =>
        Assert.Equal(status, AdminJson.StatusOf(error));
}
