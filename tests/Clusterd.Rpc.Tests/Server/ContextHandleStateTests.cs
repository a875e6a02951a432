using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary><see cref="ContextHandleTable.TrySetState"/>: a handle reserved with a placeholder and filled in later.</summary>
public sealed class ContextHandleStateTests
{
    [Fact]
    public void A_reserved_handle_takes_its_slot_and_is_filled_in_keeping_its_rundown()
    {
        var table = new ContextHandleTable(maxHandles: 1);
        var ran = new List<object>();
        Assert.True(table.TryCreate("placeholder", ran.Add, out var h));
        Assert.False(table.TryCreate("other", null, out _)); // the slot is taken while the work runs

        Assert.True(table.TrySetState(h, "filled"));
        Assert.Equal("filled", table.Get<string>(h));
        Assert.Equal(1, table.Count);

        table.RunDown();
        Assert.Equal(["filled"], ran);
    }

    [Fact]
    public void A_handle_that_is_not_open_is_not_filled_in()
    {
        var table = new ContextHandleTable(maxHandles: 4);
        Assert.False(table.TrySetState(NdrContextHandle.Null, "x"));
        Assert.True(table.TryCreate("a", null, out var h));
        Assert.True(table.Close(h));
        Assert.False(table.TrySetState(h, "x"));
        Assert.True(table.TryCreate("b", null, out var h2));
        table.RunDown();
        Assert.False(table.TrySetState(h2, "x"));
        Assert.Equal(0, table.Count);
    }
}
