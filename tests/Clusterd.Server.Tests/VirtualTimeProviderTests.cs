using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Server.Tests;

public sealed class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_is_real_time_plus_the_offset_and_runs_at_real_speed()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new VirtualTimeProvider(real);
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Equal(Start.AddSeconds(1800), clock.Advance(TimeSpan.FromSeconds(1800)));
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Start.AddSeconds(1805), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(1800), clock.Offset);
    }

    [Fact]
    public void Advance_refuses_negative_and_more_than_ten_years()
    {
        var clock = new VirtualTimeProvider(new FakeTimeProvider(Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(VirtualTimeProvider.MaxAdvance + TimeSpan.FromTicks(1)));
        clock.Advance(VirtualTimeProvider.MaxAdvance);
        clock.Advance(TimeSpan.Zero);
    }

    [Fact]
    public void Resync_brings_a_timer_due_in_virtual_time_forward_and_it_fires_once()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new VirtualTimeProvider(real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(100), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(99));
        clock.Resync();
        real.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, fired);
        real.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);
        real.Advance(TimeSpan.FromSeconds(500));
        clock.Resync();
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Without_resync_the_system_timer_keeps_its_real_delay()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new VirtualTimeProvider(real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(100), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(100));
        real.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal(0, fired);
        clock.Resync();
        real.Advance(TimeSpan.Zero);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Changed_and_disposed_timers_follow_the_virtual_clock()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new VirtualTimeProvider(real);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(1, clock.TimerCount);
        clock.Advance(TimeSpan.FromHours(1));
        clock.Resync();
        real.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, fired); // a stopped timer stays stopped

        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromSeconds(10));
        clock.Resync();
        real.Advance(TimeSpan.Zero);
        Assert.Equal(1, fired);

        timer.Dispose();
        Assert.Equal(0, clock.TimerCount);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Periodic_timer_keeps_its_period_after_a_jump()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new VirtualTimeProvider(real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, fired);
        clock.Advance(TimeSpan.FromSeconds(10));
        clock.Resync();
        real.Advance(TimeSpan.Zero);
        Assert.Equal(2, fired);
        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, fired);
    }

    [Fact]
    public void A_paused_clock_moves_only_when_advanced_and_holds_its_timers()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new VirtualTimeProvider(real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        Assert.Equal(Start, clock.Pause());
        Assert.True(clock.IsPaused);
        real.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Equal(0, fired);
        Assert.Equal(Start.AddSeconds(9), clock.Advance(TimeSpan.FromSeconds(9)));
        clock.Resync();
        real.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, fired);
        Assert.Equal(Start.AddSeconds(9), clock.Resume());
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        Assert.Equal(Start.AddSeconds(10), clock.GetUtcNow());
    }
}
