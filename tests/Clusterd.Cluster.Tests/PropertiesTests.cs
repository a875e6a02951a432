using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Tests;

/// <summary>SetClusterName and SetProperties: one transaction each, engine-owned values refused.</summary>
public sealed class PropertiesTests
{
    [Fact]
    public void SetClusterName_stores_the_name_in_the_root_the_fqdn_and_the_core_network_name()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetClusterName("CLUSTER2")));
        var info = f.Engine.Queries.GetClusterInfo();
        Assert.Equal("CLUSTER2", info.Name);
        Assert.Equal("CLUSTER2.clusterd.test", info.Fqdn);
        Assert.Equal("CLUSTER2", f.Engine.Queries.GetRegistryValue(@"Resources\9a1e1f00-0000-4000-8000-000000000002\Parameters", "Name")!.AsString());
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetClusterName("CLUSTER2")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A.B")]
    [InlineData("SIXTEEN-CHARS-XX")]
    public void SetClusterName_refuses_names_that_are_not_NetBIOS_names(string name)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidName, f.Engine.Execute(new SetClusterName(name)));
        Assert.Equal("CLUSTER1", f.Engine.Queries.GetClusterInfo().Name);
    }

    [Fact]
    public void SetProperties_writes_common_values_and_the_Parameters_subkey_but_not_engine_values()
    {
        using var f = new EngineFixture();
        const string id = "0c5d2a31-7a1b-4e5f-8d3c-000000000001";
        const string path = @"Groups\" + id;
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetProperties(ClusterObjectType.Group, id, false, [StoredValue.DWord("Priority", 3000)])));
        Assert.Equal(3000u, f.Engine.Queries.GetRegistryValue(path, "Priority")!.AsDWord());
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetProperties(ClusterObjectType.Group, id, false, [StoredValue.DWord("Priority", 1), StoredValue.String("OwnerNode", "2")])));
        Assert.Equal(3000u, f.Engine.Queries.GetRegistryValue(path, "Priority")!.AsDWord());
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetProperties(ClusterObjectType.Group, id, true, [StoredValue.String("OwnerNode", "any")])));
        Assert.Equal("any", f.Engine.Queries.GetRegistryValue(path + @"\Parameters", "OwnerNode")!.AsString());
        Assert.Equal(Win32Error.FileNotFound, f.Engine.Execute(new SetProperties(ClusterObjectType.Group, "nope", false, [StoredValue.DWord("Priority", 1)])));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetProperties(ClusterObjectType.SharedVolume, id, false, [StoredValue.DWord("Priority", 1)])));
    }
}
