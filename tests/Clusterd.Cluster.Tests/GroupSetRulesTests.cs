using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Tests;

/// <summary>Group sets and group dependencies (MS-CMRP 3.1.4.2.146-161; docs/behaviour.md, "Group sets and group dependencies").</summary>
public sealed class GroupSetRulesTests
{
    private const string SeededSetId = "7d3e4f50-0000-4000-8000-0000000000a1";

    private static void Ok(Win32Error e) => Assert.Equal(Win32Error.Success, e);

    private static string NewGroupWithResource(EngineFixture f, string name)
    {
        var (e, id) = f.Engine.Execute(new CreateGroup(name));
        Ok(e);
        Ok(f.Engine.Execute(new CreateResource(name, name + " service", "Generic Service")).Error);
        return id!;
    }

    private static ClusterGroupState State(EngineFixture f, string group) => f.Engine.Queries.FindGroup(group)!.State;

    [Fact]
    public void A_created_set_is_durable_and_keeps_its_members_across_a_restart()
    {
        using var f = new EngineFixture();
        var (e, id) = f.Engine.Execute(new CreateGroupSet("web"));
        Ok(e);
        Ok(f.Engine.Execute(new AddGroupToGroupSet("web", "Available Storage")));
        f.Restart();
        var s = f.Engine.Queries.FindGroupSet("web");
        Assert.NotNull(s);
        Assert.Equal(id, s.Id);
        Assert.Equal(["Available Storage"], s.GroupNames);
        Assert.Contains("web", f.Engine.Queries.GetGroupSetNames());
    }

    [Fact]
    public void Create_refuses_an_empty_name_and_a_name_another_set_has()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidName, f.Engine.Execute(new CreateGroupSet("")).Error);
        Assert.Equal(Win32Error.ObjectAlreadyExists, f.Engine.Execute(new CreateGroupSet("cluster group")).Error);
        Assert.Equal(["Cluster Group"], f.Engine.Queries.GetGroupSetNames());
    }

    [Fact]
    public void A_group_is_in_at_most_one_set_and_move_takes_it_out_of_the_old_one()
    {
        using var f = new EngineFixture();
        Ok(f.Engine.Execute(new CreateGroupSet("other")).Error);
        Assert.Equal(Win32Error.AlreadyExists, f.Engine.Execute(new AddGroupToGroupSet("other", "Cluster Group")));
        Assert.Empty(f.Engine.Queries.FindGroupSet("other")!.GroupNames);
        Ok(f.Engine.Execute(new AddGroupToGroupSet("other", "Cluster Group", Move: true)));
        Assert.Empty(f.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
        Assert.Equal(["Cluster Group"], f.Engine.Queries.FindGroupSet("other")!.GroupNames);
        // Adding it again to the set it is in is refused too (MS-CMRP 3.1.4.2.150); moving it there changes nothing.
        Assert.Equal(Win32Error.AlreadyExists, f.Engine.Execute(new AddGroupToGroupSet("other", "Cluster Group")));
        Ok(f.Engine.Execute(new AddGroupToGroupSet("other", "Cluster Group", Move: true)));
        Assert.Equal(["Cluster Group"], f.Engine.Queries.FindGroupSet("other")!.GroupNames);
    }

    [Fact]
    public void The_CSV_special_group_cannot_join_a_set()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.SpecialGroup, f.Engine.Execute(new AddGroupToGroupSet("Cluster Group", EngineFixture.Disk1)));
    }

    [Fact]
    public void Removing_a_group_that_is_in_no_set_succeeds_and_changes_nothing()
    {
        using var f = new EngineFixture();
        Ok(f.Engine.Execute(new RemoveGroupFromGroupSet("Cluster Group")));
        Ok(f.Engine.Execute(new RemoveGroupFromGroupSet("Cluster Group")));
        Assert.Empty(f.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
    }

    [Fact]
    public void Delete_refuses_a_set_with_members_or_dependents()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.DirNotEmpty, f.Engine.Execute(new DeleteGroupSet("Cluster Group")));
        Ok(f.Engine.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group")));
        Ok(f.Engine.Execute(new RemoveGroupFromGroupSet("Cluster Group")));
        Assert.Equal(Win32Error.DirNotEmpty, f.Engine.Execute(new DeleteGroupSet("Cluster Group")));
        Ok(f.Engine.Execute(new RemoveGroupToGroupSetDependency("Available Storage", "Cluster Group")));
        Ok(f.Engine.Execute(new DeleteGroupSet("Cluster Group")));
        Assert.Null(f.Engine.Queries.FindGroupSet("Cluster Group"));
        Assert.Equal(Win32Error.GroupsetNotAvailable, f.Engine.Execute(new DeleteGroupSet("Cluster Group")));
    }

    [Fact]
    public void A_deleted_group_leaves_its_set_and_the_dependencies_on_it()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateGroup("p"));
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("Available Storage", "[p]")));
        Ok(f.Engine.Execute(new AddGroupToGroupSet("Cluster Group", "p")));
        Ok(f.Engine.Execute(new DeleteGroup("p")));
        Assert.Empty(f.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderGroupNames);
        Assert.Equal(["Cluster Group"], f.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
    }

    [Theory]
    [InlineData("[a] or [b]")]
    [InlineData("[a] and")]
    [InlineData("[a] [b]")]
    [InlineData("and [a]")]
    [InlineData("[]")]
    [InlineData("[a")]
    public void An_expression_with_or_or_off_the_grammar_is_ERROR_INVALID_PARAMETER(string expression)
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateGroup("a"));
        f.Engine.Execute(new CreateGroup("b"));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetGroupDependencyExpression("Available Storage", expression)));
        Assert.Empty(f.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderGroupNames);
    }

    [Fact]
    public void An_expression_names_groups_by_name_or_ID_ignores_parentheses_and_an_empty_one_clears()
    {
        using var f = new EngineFixture();
        var a = f.Engine.Execute(new CreateGroup("a")).Value!;
        f.Engine.Execute(new CreateGroup("b"));
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("Available Storage", "{[" + a + "] AND ([b])}")));
        Assert.Equal(["a", "b"], f.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderGroupNames);
        Assert.Equal(Win32Error.GroupNotFound, f.Engine.Execute(new SetGroupDependencyExpression("Available Storage", "[nope]")));
        Assert.Equal(["a", "b"], f.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderGroupNames);
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("Available Storage", "")));
        Assert.Empty(f.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderGroupNames);
    }

    [Fact]
    public void Every_cycle_is_ERROR_INVALID_PARAMETER_and_changes_nothing()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateGroup("a"));
        f.Engine.Execute(new CreateGroup("b"));
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("a", "[b]")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetGroupDependencyExpression("b", "[a]")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetGroupDependencyExpression("a", "[a]")));
        Assert.Equal(["b"], f.Engine.Queries.GetGroupDependencies("a")!.ProviderGroupNames);
        // A group that depends on the set it is in depends on itself.
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupToGroupSetDependency("Cluster Group", "Cluster Group")));
        // A membership change can close a cycle too: b depends on the set sb, and a, which needs b, would join sb.
        Ok(f.Engine.Execute(new CreateGroupSet("sb")).Error);
        Ok(f.Engine.Execute(new AddGroupToGroupSetDependency("b", "sb")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupToGroupSet("sb", "a")));
        Assert.Empty(f.Engine.Queries.FindGroupSet("sb")!.GroupNames);

        Ok(f.Engine.Execute(new CreateGroupSet("s2")).Error);
        Ok(f.Engine.Execute(new AddGroupToGroupSet("s2", "Available Storage")));
        Ok(f.Engine.Execute(new AddGroupSetDependency("s2", "Cluster Group")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupSetDependency("Cluster Group", "s2")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetGroupSetDependencyExpression("Cluster Group", "[" + f.Engine.Queries.FindGroupSet("s2")!.Id + "]")));
        Assert.Equal(Win32Error.DependencyAlreadyExists, f.Engine.Execute(new AddGroupSetDependency("s2", "Cluster Group")));
        Assert.Empty(f.Engine.Queries.GetGroupSetDetails("Cluster Group")!.ProviderSetNames);
    }

    [Fact]
    public void A_set_dependency_needs_two_sets_with_members()
    {
        using var f = new EngineFixture();
        Ok(f.Engine.Execute(new CreateGroupSet("empty")).Error);
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupSetDependency("empty", "Cluster Group")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupSetDependency("Cluster Group", "empty")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupSetDependency("Cluster Group", "Cluster Group")));
    }

    [Fact]
    public void A_group_depends_on_at_most_one_set()
    {
        using var f = new EngineFixture();
        Ok(f.Engine.Execute(new CreateGroupSet("s2")).Error);
        Ok(f.Engine.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group")));
        Assert.Equal(Win32Error.DependencyAlreadyExists, f.Engine.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddGroupToGroupSetDependency("Available Storage", "s2")));
        Assert.Equal(["Cluster Group"], f.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderSetNames);
        Assert.Equal(Win32Error.DependencyNotFound, f.Engine.Execute(new RemoveGroupToGroupSetDependency("Available Storage", "s2")));
        Assert.Equal(Win32Error.DependencyNotFound, f.Engine.Execute(new RemoveGroupDependency("Available Storage", "Cluster Group")));
        Assert.Equal(Win32Error.DependencyNotFound, f.Engine.Execute(new RemoveGroupSetDependency("s2", "Cluster Group")));
    }

    [Fact]
    public void Onlining_a_dependent_brings_its_offline_providers_online_first_in_one_command()
    {
        using var f = new EngineFixture();
        NewGroupWithResource(f, "db");
        NewGroupWithResource(f, "app");
        NewGroupWithResource(f, "web");
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("web", "[app]")));
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("app", "[db]")));
        f.Events.Clear();
        Ok(f.Engine.Execute(new OnlineGroup("web")));
        Assert.Equal(ClusterGroupState.Online, State(f, "db"));
        Assert.Equal(ClusterGroupState.Online, State(f, "app"));
        Assert.Equal(ClusterGroupState.Online, State(f, "web"));
        // Providers came online before their dependents.
        var order = f.Events.Where(e => e.ObjectType == ClusterObjectType.Resource && e.Change == ClusterChange.StateChanged).Select(e => e.Name).ToList();
        Assert.Equal(["db service", "app service", "web service"], order.Distinct().ToList());
    }

    [Fact]
    public void A_set_dependency_binds_every_member_of_both_sets()
    {
        using var f = new EngineFixture();
        NewGroupWithResource(f, "db1");
        NewGroupWithResource(f, "db2");
        NewGroupWithResource(f, "web");
        Ok(f.Engine.Execute(new CreateGroupSet("dbs")).Error);
        Ok(f.Engine.Execute(new CreateGroupSet("front")).Error);
        Ok(f.Engine.Execute(new AddGroupToGroupSet("dbs", "db1")));
        Ok(f.Engine.Execute(new AddGroupToGroupSet("dbs", "db2")));
        Ok(f.Engine.Execute(new AddGroupToGroupSet("front", "web")));
        Ok(f.Engine.Execute(new AddGroupSetDependency("front", "dbs")));
        Ok(f.Engine.Execute(new OnlineGroup("web")));
        Assert.Equal(ClusterGroupState.Online, State(f, "db1"));
        Assert.Equal(ClusterGroupState.Online, State(f, "db2"));
        // Offlining a provider takes its dependents offline first.
        Ok(f.Engine.Execute(new OfflineGroup("db2")));
        Assert.Equal(ClusterGroupState.Offline, State(f, "web"));
        Assert.Equal(ClusterGroupState.Offline, State(f, "db2"));
        Assert.Equal(ClusterGroupState.Online, State(f, "db1"));
    }

    [Fact]
    public void A_provider_that_cannot_come_online_fails_the_command_and_changes_nothing()
    {
        using var f = new EngineFixture();
        NewGroupWithResource(f, "db");
        NewGroupWithResource(f, "web");
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("web", "[db]")));
        Ok(f.Engine.Execute(new MoveGroup("db", "node3")));
        // Paused nodes take no failover: db stays on node3, which goes down; web's own node (node1) is still up.
        Ok(f.Engine.Execute(new PauseNode("node1")));
        Ok(f.Engine.Execute(new PauseNode("node2")));
        Ok(f.Engine.Execute(new SetNodeDown("node3")));
        Assert.Equal("node3", f.Engine.Queries.FindGroup("db")!.OwnerNodeName);
        Assert.Equal(Win32Error.HostNodeNotAvailable, f.Engine.Execute(new OnlineGroup("web")));
        Assert.Equal(ClusterGroupState.Offline, State(f, "db"));
        Assert.Equal(ClusterGroupState.Offline, State(f, "web"));
    }

    [Fact]
    public void Failover_brings_providers_online_before_their_dependents()
    {
        using var f = new EngineFixture();
        NewGroupWithResource(f, "a-web");
        NewGroupWithResource(f, "z-db");
        Ok(f.Engine.Execute(new SetGroupDependencyExpression("a-web", "[z-db]")));
        Ok(f.Engine.Execute(new OnlineGroup("a-web")));
        f.Events.Clear();
        Ok(f.Engine.Execute(new SetNodeDown("node1")));
        var online = f.Events.Where(e => e.ObjectType == ClusterObjectType.Resource && e.Change == ClusterChange.StateChanged
            && e.Snapshot is { State: (uint)ClusterResourceState.Online }).Select(e => e.Name).ToList();
        Assert.Equal(["z-db service", "a-web service"], online.Where(n => n.EndsWith(" service", StringComparison.Ordinal)).ToList());
        Assert.Equal(ClusterGroupState.Online, State(f, "a-web"));
    }

    [Fact]
    public void A_refused_membership_change_leaves_a_replica_identical()
    {
        using var f = new EngineFixture();
        Ok(f.Engine.Execute(new CreateGroupSet("s2")).Error);
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new AddGroupToGroupSet("s2", "Cluster Group", Move: true)));
        Assert.Equal(["Cluster Group"], f.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
        Assert.Empty(f.Engine.Queries.FindGroupSet("s2")!.GroupNames);
        Assert.Equal(SeededSetId, f.Engine.Queries.FindGroupSet("Cluster Group")!.Id);
    }
}
