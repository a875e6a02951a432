using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// The engine rules of the GroupResource area (issue 11): possible owners in failover and move (MS-CMRP 3.1.4.2.24-25,
/// 3.1.4.2.53), moving a dependency tree between groups (3.1.4.2.26), restart (3.1.4.2.142), cancel (3.1.4.2.133),
/// the dependency check (3.1.4.2.22) and the flags of the Ex online and offline.
/// </summary>
public sealed class GroupResourceRulesTests
{
    private static void Ok(Win32Error e) => Assert.Equal(Win32Error.Success, e);

    private static void UserGroup(ClusterEngine e, string group = "g", params string[] resources)
    {
        Ok(e.Execute(new CreateGroup(group)).Error);
        foreach (var r in resources)
        {
            Ok(e.Execute(new CreateResource(group, r, "Generic Service")).Error);
        }
    }

    private static IReadOnlyList<string> Owners(ClusterEngine e, string resource) => e.Queries.GetPossibleOwnerNames(resource)!;

    [Fact]
    public void A_new_resource_has_every_node_as_possible_owner_and_adding_one_again_is_ERROR_OBJECT_ALREADY_EXISTS()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Assert.Equal(["node1", "node2", "node3"], Owners(f.Engine, "a"));
        Assert.Equal(Win32Error.ObjectAlreadyExists, f.Engine.Execute(new AddResourceNode("a", "node2")));
    }

    [Fact]
    public void Possible_owners_are_persisted_in_the_resource_key_and_survive_a_restart()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Ok(f.Engine.Execute(new RemoveResourceNode("a", "node2")));
        Assert.Equal(["node1", "node3"], Owners(f.Engine, "a"));
        var id = f.Engine.Queries.FindResource("a")!.Id;
        Assert.Equal(["1", "3"], f.Engine.Queries.GetRegistryValue(@"Resources\" + id, "PossibleOwners")!.AsMultiString());
        f.Restart();
        Assert.Equal(["node1", "node3"], Owners(f.Engine, "a"));
        Ok(f.Engine.Execute(new AddResourceNode("a", "node2")));
        Assert.Equal(["node1", "node2", "node3"], Owners(f.Engine, "a"));
    }

    [Fact]
    public void Removing_a_node_that_is_not_a_possible_owner_is_ERROR_CLUSTER_NODE_NOT_FOUND()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Ok(f.Engine.Execute(new RemoveResourceNode("a", "node2")));
        Assert.Equal(Win32Error.ClusterNodeNotFound, f.Engine.Execute(new RemoveResourceNode("a", "node2")));
        Assert.Equal(Win32Error.ClusterNodeNotFound, f.Engine.Execute(new RemoveResourceNode("a", "node9")));
        Assert.Equal(Win32Error.ResourceNotFound, f.Engine.Execute(new RemoveResourceNode("nope", "node1")));
    }

    [Fact]
    public void Removing_the_owner_of_an_online_resource_is_ERROR_INVALID_STATE()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Ok(f.Engine.Execute(new OnlineResource("a")));
        Assert.Equal(Win32Error.InvalidState, f.Engine.Execute(new RemoveResourceNode("a", "node1")));
        Ok(f.Engine.Execute(new RemoveResourceNode("a", "node2")));
    }

    [Fact]
    public void A_group_moves_only_to_a_possible_owner_of_all_its_resources()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b");
        Ok(f.Engine.Execute(new RemoveResourceNode("b", "node2")));
        Assert.Equal(Win32Error.NodeCantHostResource, f.Engine.Execute(new MoveGroup("g", "node2")));
        Assert.Equal("node1", f.Engine.Queries.FindGroup("g")!.OwnerNodeName);
        // The best other node skips node2.
        Ok(f.Engine.Execute(new MoveGroup("g", null)));
        Assert.Equal("node3", f.Engine.Queries.FindGroup("g")!.OwnerNodeName);
    }

    [Fact]
    public void Failover_skips_nodes_that_are_not_possible_owners()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Ok(f.Engine.Execute(new RemoveResourceNode("a", "node2")));
        Ok(f.Engine.Execute(new OnlineResource("a")));
        Ok(f.Engine.Execute(new SetNodeDown("node1")));
        Assert.Equal("node3", f.Engine.Queries.FindGroup("g")!.OwnerNodeName);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("a")!.State);
    }

    [Fact]
    public void A_resource_whose_host_is_not_a_possible_owner_stays_offline()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Ok(f.Engine.Execute(new RemoveResourceNode("a", "node1")));
        Assert.Equal(Win32Error.NodeCantHostResource, f.Engine.Execute(new OnlineResource("a")));
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource("a")!.State);
    }

    [Fact]
    public void ChangeResourceGroup_moves_the_whole_dependency_tree()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b", "c", "alone");
        UserGroup(f.Engine, "h");
        Ok(f.Engine.Execute(new AddDependency("b", "a")));
        Ok(f.Engine.Execute(new AddDependency("c", "b")));
        Ok(f.Engine.Execute(new ChangeResourceGroup("b", "h")));
        foreach (var r in new[] { "a", "b", "c" })
        {
            Assert.Equal("h", f.Engine.Queries.FindResource(r)!.GroupName);
        }
        Assert.Equal("g", f.Engine.Queries.FindResource("alone")!.GroupName);
        Assert.Equal(["b"], f.Engine.Queries.FindResource("c")!.DependsOnNames);
    }

    [Fact]
    public void ChangeResourceGroup_refuses_core_resources_groups_of_another_owner_and_the_CSV_group_without_the_flag()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Assert.Equal(Win32Error.CoreResource, f.Engine.Execute(new ChangeResourceGroup("Cluster Name", "g")));
        Assert.Equal(Win32Error.ClusterUseSharedVolumesApi, f.Engine.Execute(new ChangeResourceGroup("a", "Cluster Disk 1")));
        UserGroup(f.Engine, "elsewhere");
        Ok(f.Engine.Execute(new MoveGroup("elsewhere", "node2")));
        Assert.Equal(Win32Error.HostNodeNotGroupOwner, f.Engine.Execute(new ChangeResourceGroup("a", "elsewhere")));
        Assert.Equal(Win32Error.GroupNotFound, f.Engine.Execute(new ChangeResourceGroup("a", "nope")));
        Assert.Equal("g", f.Engine.Queries.FindResource("a")!.GroupName);
    }

    [Fact]
    public void RestartResource_brings_a_failed_resource_back_to_its_persistent_state_without_changing_it()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b");
        Ok(f.Engine.Execute(new AddDependency("b", "a")));
        Ok(f.Engine.Execute(new OnlineResource("b")));
        Ok(f.Engine.Execute(new RestartResource("a")));
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("a")!.State);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("b")!.State);
        Ok(f.Engine.Execute(new OfflineResource("b")));
        Ok(f.Engine.Execute(new RestartResource("b")));
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource("b")!.State); // persistent state offline
    }

    private static ClusterEngine Slow(FakeTimeProvider time) =>
        ClusterEngine.Open(new InMemoryClusterStore(), EngineCommandTable.SlowGenericService(), new ClusterOptions(), time);

    [Fact]
    public void CancelGroupOperation_ends_pending_transitions_in_the_persistent_state_and_is_ERROR_INVALID_STATE_with_nothing_pending()
    {
        var time = new FakeTimeProvider(EngineFixture.Start);
        using var e = Slow(time);
        UserGroup(e, "g", "a", "b");
        Assert.Equal(Win32Error.InvalidState, e.Execute(new CancelGroupOperation("g")));
        Assert.Equal(Win32Error.IoPending, e.Execute(new OnlineResource("a")));
        Ok(e.Execute(new CancelGroupOperation("g")));
        Assert.Equal(ClusterResourceState.Online, e.Queries.FindResource("a")!.State);
        Assert.Equal(ClusterResourceState.Offline, e.Queries.FindResource("b")!.State);
        time.Advance(TimeSpan.FromSeconds(31)); // the cancelled deadline does not fire
        Assert.Equal(ClusterResourceState.Online, e.Queries.FindResource("a")!.State);
        Assert.Equal(Win32Error.IoPending, e.Execute(new OfflineResource("a")));
        Ok(e.Execute(new CancelGroupOperation("g")));
        Assert.Equal(ClusterResourceState.Offline, e.Queries.FindResource("a")!.State);
    }

    [Fact]
    public void Online_without_persisting_leaves_the_persistent_state_and_offline_with_termination_skips_the_pending_time()
    {
        var time = new FakeTimeProvider(EngineFixture.Start);
        using var e = Slow(time);
        UserGroup(e, "g", "a");
        Assert.Equal(Win32Error.IoPending, e.Execute(new OnlineResource("a", Persist: false)));
        var id = e.Queries.FindResource("a")!.Id;
        Assert.Equal(0u, e.Queries.GetRegistryValue(@"Resources\" + id, "PersistentState")!.AsDWord());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ClusterResourceState.Online, e.Queries.FindResource("a")!.State);
        Ok(e.Execute(new OfflineResource("a", Persist: false, Terminate: true)));
        Assert.Equal(ClusterResourceState.Offline, e.Queries.FindResource("a")!.State);
        Assert.Equal(Win32Error.IoPending, e.Execute(new OnlineResource("a")));
        Assert.Equal(1u, e.Queries.GetRegistryValue(@"Resources\" + id, "PersistentState")!.AsDWord());
        // Terminating a pending transition: offline at once, and its deadline is gone.
        Ok(e.Execute(new OfflineResource("a", Persist: true, Terminate: true)));
        Assert.Equal(ClusterResourceState.Offline, e.Queries.FindResource("a")!.State);
        Assert.Equal(0u, e.Queries.GetRegistryValue(@"Resources\" + id, "PersistentState")!.AsDWord());
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(ClusterResourceState.Offline, e.Queries.FindResource("a")!.State);
    }

    [Fact]
    public void OnlineGroup_with_best_possible_node_moves_to_the_first_preferred_owner()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a");
        Ok(f.Engine.Execute(new SetGroupNodeList("g", ["node3", "node1"])));
        Ok(f.Engine.Execute(new OnlineGroup("g", BestPossibleNode: true)));
        Assert.Equal("node3", f.Engine.Queries.FindGroup("g")!.OwnerNodeName);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("a")!.State);
    }

    [Fact]
    public void CanResourceBeDependent_checks_the_rules_in_the_spec_order_and_changes_nothing()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b");
        UserGroup(f.Engine, "h", "other");
        var q = f.Engine.Queries;
        Ok(q.CanResourceBeDependent("b", "a"));
        Assert.Equal(Win32Error.InvalidParameter, q.CanResourceBeDependent("a", "a"));
        Assert.Equal(Win32Error.InvalidParameter, q.CanResourceBeDependent("a", "other"));
        Ok(f.Engine.Execute(new AddDependency("b", "a")));
        Assert.Equal(Win32Error.DependencyAlreadyExists, q.CanResourceBeDependent("b", "a"));
        Assert.Equal(Win32Error.CircularDependency, q.CanResourceBeDependent("a", "b"));
        Assert.Equal(Win32Error.ResourceNotFound, q.CanResourceBeDependent("a", "nope"));
        Ok(f.Engine.Execute(new RemoveDependency("b", "a")));
        Ok(f.Engine.Execute(new OnlineResource("a")));
        Ok(f.Engine.Execute(new OnlineResource("b")));
        Assert.Equal(Win32Error.ResourceOnline, q.CanResourceBeDependent("b", "a"));
        Assert.Empty(q.FindResource("b")!.DependsOnNames);
    }

    [Fact]
    public void CanResourceBeDependent_is_ERROR_DEPENDENCY_TREE_TOO_COMPLEX_at_depth_100()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", [.. Enumerable.Range(0, 101).Select(i => "r" + i)]);
        for (var i = 1; i < 100; i++)
        {
            Ok(f.Engine.Execute(new AddDependency("r" + i, "r" + (i - 1))));
        }
        Assert.Equal(Win32Error.DependencyTreeTooComplex, f.Engine.Queries.CanResourceBeDependent("r100", "r99"));
        Ok(f.Engine.Queries.CanResourceBeDependent("r100", "r97"));
    }

    [Fact]
    public void CreateGroupOfType_keeps_the_client_type_and_refuses_the_engine_types()
    {
        using var f = new EngineFixture();
        Ok(f.Engine.Execute(new CreateGroupOfType("typed", 1234)).Error);
        Assert.Equal(1234u, (uint)f.Engine.Queries.FindGroup("typed")!.GroupType);
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new CreateGroupOfType("core", 1)).Error);
        Assert.Null(f.Engine.Queries.FindGroup("core"));
    }

    [Theory]
    [InlineData("[a]", "[a]")]
    [InlineData("[a] or [b]", "([a] or [b])")]
    [InlineData("([a] or [b]) and [c]", "([a] or [b]) and [c]")]
    [InlineData("  [c]  AND ( [a] OR [b] )", "[c] and ([a] or [b])")]
    [InlineData("([a]) and ([b] or [c]) and [d]", "[a] and ([b] or [c]) and [d]")]
    [InlineData("", "")]
    public void Expressions_of_the_grammar_parse_and_come_back_in_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, DependencyExpression.Format(DependencyExpression.Parse(text)!));

    [Theory]
    [InlineData("[a")]
    [InlineData("[]")]
    [InlineData("a")]
    [InlineData("[a] and")]
    [InlineData("[a] [b]")]
    [InlineData("([a] and [b])")]
    [InlineData("[a] or [b] and [c]")]
    [InlineData("([a] or [b]")]
    [InlineData("[a] xor [b]")]
    [InlineData("[a] and or [b]")]
    public void Malformed_expressions_do_not_parse(string text) => Assert.Null(DependencyExpression.Parse(text));

    [Fact]
    public void SetDependencyExpression_stores_the_expression_and_GetDependencyExpression_returns_it_with_names()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b", "c", "d");
        var idB = f.Engine.Queries.FindResource("b")!.Id;
        Ok(f.Engine.Execute(new SetDependencyExpression("d", "([a] or [" + idB + "]) and [c]")));
        Assert.Equal("([a] or [b]) and [c]", f.Engine.Queries.GetDependencyExpression("d"));
        Assert.Equal(["a", "b", "c"], f.Engine.Queries.FindResource("d")!.DependsOnNames);
        f.Restart();
        Assert.Equal("([a] or [b]) and [c]", f.Engine.Queries.GetDependencyExpression("d"));
        // The simple dependency methods keep the expression.
        Ok(f.Engine.Execute(new RemoveDependency("d", "a")));
        Assert.Equal("[b] and [c]", f.Engine.Queries.GetDependencyExpression("d"));
        Ok(f.Engine.Execute(new SetDependencyExpression("d", "")));
        Assert.Equal("", f.Engine.Queries.GetDependencyExpression("d"));
        Assert.Empty(f.Engine.Queries.FindResource("d")!.DependsOnNames);
    }

    [Fact]
    public void A_bad_expression_answers_the_rule_it_breaks_and_changes_nothing()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b");
        UserGroup(f.Engine, "h", "other");
        Ok(f.Engine.Execute(new SetDependencyExpression("b", "[a]")));
        var before = f.Engine.DumpState();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetDependencyExpression("b", "[a] or")));
        Assert.Equal(Win32Error.ResourceNotFound, f.Engine.Execute(new SetDependencyExpression("b", "[a] or [nope]")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetDependencyExpression("b", "[b]")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetDependencyExpression("b", "[other]")));
        Assert.Equal(Win32Error.CircularDependency, f.Engine.Execute(new SetDependencyExpression("a", "[b]")));
        Assert.Equal(before, f.Engine.DumpState());
        Assert.Equal("[a]", f.Engine.Queries.GetDependencyExpression("b"));
    }

    [Fact]
    public void Online_brings_up_one_resource_of_an_OR_clause_and_every_resource_of_the_AND()
    {
        using var f = new EngineFixture();
        UserGroup(f.Engine, "g", "a", "b", "c", "d");
        Ok(f.Engine.Execute(new SetDependencyExpression("d", "([a] or [b]) and [c]")));
        Ok(f.Engine.Execute(new OnlineResource("d")));
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("a")!.State);
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource("b")!.State);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("c")!.State);

        // An OR clause already met by an online resource brings nothing else up; a first choice that cannot be
        // hosted here is passed over.
        Ok(f.Engine.Execute(new OfflineGroup("g")));
        Ok(f.Engine.Execute(new RemoveResourceNode("a", "node1")));
        Ok(f.Engine.Execute(new OnlineResource("d")));
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource("a")!.State);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("b")!.State);
    }
}
