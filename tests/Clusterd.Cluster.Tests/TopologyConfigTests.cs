using Clusterd.Cluster.Topology;

namespace Clusterd.Cluster.Tests;

/// <summary>The topology file is validated before anything is written.</summary>
public sealed class TopologyConfigTests
{
    [Theory]
    [InlineData("{", "topology:")]
    [InlineData("null", "empty document")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"x","nodes":["a"]}""", "GUID")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":[]}""", "at least one node")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a","A"]}""", "duplicate node")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"bogus":1}""", "bogus")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"groups":[{"id":"g","name":"G","resources":[{"id":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e61","name":"r","type":"Nope"}]}]}""", "unknown type")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"access":[{"user":"","rights":"Full"}]}""", "no user")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"access":[{"user":"alice","rights":"Write"}]}""", "rights must be Full or Read")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"access":[{"user":"alice","type":"Audit"}]}""", "type must be Allow or Deny")]
    [InlineData("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"access":[{"user":"alice","level":"Full"}]}""", "level")]
    public void Invalid_topologies_are_rejected_with_the_reason(string json, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => TopologyConfig.Parse(json));
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_access_list_parses_with_Full_and_Allow_as_defaults()
    {
        var t = TopologyConfig.Parse("""{"clusterName":"C","clusterInstanceId":"8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f","nodes":["a"],"access":[{"user":"alice"},{"user":"monitor","rights":"Read"},{"user":"guest","type":"Deny"}]}""");
        Assert.Equal(
        [
            new AccessConfig { User = "alice", Rights = "Full", Type = "Allow" },
            new AccessConfig { User = "monitor", Rights = "Read", Type = "Allow" },
            new AccessConfig { User = "guest", Rights = "Full", Type = "Deny" },
        ], t.Access);
        Assert.Empty(TopologyConfig.Default().Access);
    }

    [Fact]
    public void The_embedded_default_parses()
    {
        var t = TopologyConfig.Default();
        Assert.Equal(3, t.Nodes.Count);
        Assert.Equal(2, t.Groups.SelectMany(g => g.Resources).Count(r => r.SharedVolume));
    }
}
