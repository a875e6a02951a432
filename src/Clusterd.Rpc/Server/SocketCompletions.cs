using System.Reflection;
using System.Runtime.InteropServices;

namespace Clusterd.Rpc.Server;

/// <summary>
/// How the process's .NET socket engine runs I/O completions on Linux and macOS. By default its event (epoll/kqueue)
/// thread hands every completion to a thread-pool worker: two thread wakeups per received message. With inline
/// completions the event thread runs the continuation itself, one wakeup per message, as an event loop such as Samba's
/// tevent does: the RPC layer then reads, verifies, unseals and answers on that thread, runs
/// <see cref="RpcDispatchMode.Inline"/> interfaces there and moves every other call to the thread pool first. The
/// engine reads <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> once, when the process creates its first socket,
/// and the choice holds for the whole process (Kestrel's sockets included; Kestrel still runs its application code on
/// the thread pool). Windows completes I/O on its I/O completion port threads and has no such switch.
/// docs/benchmarks.md ("DCE/RPC layer") has the measurements behind it.
/// </summary>
public static class SocketCompletions
{
    /// <summary>The environment variable the .NET socket engine reads ("1" = inline).</summary>
    public const string EnvironmentVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Chooses inline (<paramref name="inline"/> true) or thread-pool completions for this process, unless the
    /// environment already sets <see cref="EnvironmentVariable"/> (an operator's explicit choice wins). Must run before
    /// the process creates its first socket; <see cref="InlineActive"/> tells what the engine took.
    /// </summary>
    public static void Choose(bool inline)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is null)
        {
            Environment.SetEnvironmentVariable(EnvironmentVariable, inline ? "1" : "0");
        }
    }

    /// <summary>
    /// Whether the socket engine runs completions inline: read from the engine itself once it exists, so it reports
    /// what is in effect, not what was asked. Null where that cannot be known (Windows, or a runtime whose engine no
    /// longer has the field), in which case callers should describe the mode as "unknown".
    /// </summary>
    public static bool? InlineActive
    {
        get
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return null;
            }

            try
            {
                var engine = typeof(System.Net.Sockets.Socket).Assembly.GetType("System.Net.Sockets.SocketAsyncEngine");
                var flag = engine?.GetField("InlineSocketCompletionsEnabled", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
                return flag?.GetValue(null) as bool?;
            }
            catch (Exception ex) when (ex is TargetInvocationException or TypeInitializationException or FieldAccessException or MemberAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>"inline", "thread pool" or "unknown", for startup logs.</summary>
    public static string Describe() => InlineActive switch
    {
        true => "inline",
        false => "thread pool",
        null => "unknown",
    };
}
