using System.Buffers.Binary;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Notifications;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// The MS-CMRP request decoders through the service dispatch: an input is a u16 opnum and the request stub, or up to 8
/// such calls separated by "FZNEXTCL". Each input runs against a fresh in-memory cluster (the default topology) with
/// one handle of every kind already open, plus the handle the latest call opened; a stub
/// names an open handle with a placeholder (20 bytes: attributes, "FZHANDLE", 0, slot) that is replaced before the
/// call, so mutated stubs reach the handlers, the control dispatch and the engine. Contract (what RpcConnection turns
/// into a fault): <see cref="NdrException"/> or <see cref="RpcFaultException"/>; anything else is a finding. A call that
/// waits (ApiGetNotifyV2) is cancelled, as a closing connection does, and must then end.
/// </summary>
internal sealed class ClusApiTarget : FuzzTarget
{
    private const uint MaximumAllowed = 0x02000000;
    private const uint GenericRead = 0x80000000;
    private const uint CallCancelled = 0x0000071A; // RPC_S_CALL_CANCELLED, as the outcome label of a cancelled wait

    private const int MaxCalls = 8;

    private static readonly byte[] s_magic = "FZHANDLE"u8.ToArray();
    private static readonly byte[] s_nextCall = "FZNEXTCL"u8.ToArray();
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The handles every input may use, by placeholder slot.</summary>
    internal enum Slot
    {
        Cluster,
        ClusterReadOnly,
        Node,
        Node2,
        Group,
        CoreGroup,
        Resource,
        IpResource,
        Network,
        NetInterface,
        Key,
        Notify,
        GroupSet,

        /// <summary>The handle the latest call of the input opened (the cluster handle before any).</summary>
        Last,
    }

    private static readonly int s_slots = Enum.GetValues<Slot>().Length;

    public override string Name => "clusapi";

    public override string Description => "every MS-CMRP opnum through ClusApiService dispatch against an in-memory engine";

    public override int MaxInputLength => 16 * 1024;

    public override int AlignmentOrigin => 2;

    public override bool IsDocumentedRejection(Exception exception) => exception is NdrException or RpcFaultException;

    // The engine works for a call (enumerations, database reads, events), and ApiQueryValue/ApiEnumValue answer an
    // array of the size the client names, up to RegistryMethods.MaxValueBuffer (4 MiB), which the NdrWriter grows into
    // and copies: a fixed 32 MiB on top of the parsers' 64 bytes per input byte.
    public override long AllocationBound(int inputLength) => (64L * inputLength) + (32L << 20);

    public override string Execute(byte[] input)
    {
        if (input.Length < 2)
        {
            return "short";
        }

        using var session = new Session();
        var outcome = new System.Text.StringBuilder();
        int calls = 0;
        foreach (var call in SplitCalls(input))
        {
            if (call.Length < 2 || calls++ == MaxCalls)
            {
                break;
            }

            outcome.Append(session.Call(call)).Append(';');
        }

        return outcome.ToString();
    }

    /// <summary>The calls of an input: [u16 opnum][stub], separated by "FZNEXTCL".</summary>
    private static List<byte[]> SplitCalls(byte[] input)
    {
        var calls = new List<byte[]>();
        var rest = input.AsSpan();
        while (true)
        {
            int at = rest.IndexOf(s_nextCall);
            if (at < 0)
            {
                calls.Add(rest.ToArray());
                return calls;
            }

            calls.Add(rest[..at].ToArray());
            rest = rest[(at + s_nextCall.Length)..];
        }
    }

    /// <summary>The opnum of each call, the slot of each handle placeholder, and every 4-aligned u32 of the first stub.</summary>
    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields)
    {
        if (input.Length < 2)
        {
            return;
        }

        fields.Add(new FuzzField(0, 2));
        for (int at = input.IndexOf(s_nextCall); at >= 0 && at + s_nextCall.Length + 2 <= input.Length && fields.Count < 8;)
        {
            fields.Add(new FuzzField(at + s_nextCall.Length, 2)); // the opnum of each later call
            int next = input[(at + 1)..].IndexOf(s_nextCall);
            at = next < 0 ? -1 : at + 1 + next;
        }

        var stub = input[2..];
        for (int at = stub.IndexOf(s_magic); at >= 0 && fields.Count < 16;)
        {
            if (at + 16 <= stub.Length)
            {
                fields.Add(new FuzzField(2 + at + 12, 1));
            }

            int next = stub[(at + 1)..].IndexOf(s_magic);
            at = next < 0 ? -1 : at + 1 + next;
        }

        for (int at = 0; at + 4 <= stub.Length && fields.Count < 64; at += 4)
        {
            fields.Add(new FuzzField(2 + at, 4));
        }
    }

    /// <summary>A placeholder for the handle in <paramref name="slot"/>.</summary>
    internal static NdrContextHandle Placeholder(Slot slot)
    {
        Span<byte> bytes = stackalloc byte[16];
        s_magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], (uint)slot);
        return new NdrContextHandle(0, new Guid(bytes));
    }

    /// <summary>One input's world: a fresh engine, a handle table with every slot open, a call context.</summary>
    private sealed class Session : IDisposable
    {
        private readonly ClusterEngine _engine;
        private readonly ClusApiService _service;
        private readonly ContextHandleTable _handles = new(1024);
        private readonly RpcCallContext _context;
        private readonly NdrContextHandle[] _open = new NdrContextHandle[s_slots];

        public Session()
        {
            _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), new FakeTimeProvider(s_now));
            _service = new ClusApiService(new FixedEngineProvider(_engine));
            _context = new RpcCallContext(_handles, 1, SyntaxId.ForInterface(ClusApiService.InterfaceUuid, 3, 0), 1, 0, null,
                "DOM\\alice", RpcAuthType.Spnego, RpcAuthLevel.Privacy, null, null);
            _open[(int)Slot.Cluster] = Open(0, _ => { });
            _open[(int)Slot.ClusterReadOnly] = Open(117, w => w.WriteUInt32(GenericRead));
            _open[(int)Slot.Node] = Open(66, w => w.WriteConformantVaryingString("node1"));
            _open[(int)Slot.Node2] = Open(66, w => w.WriteConformantVaryingString("node2"));
            _open[(int)Slot.Group] = Open(41, w => w.WriteConformantVaryingString("Cluster Disk 1"));
            _open[(int)Slot.CoreGroup] = Open(41, w => w.WriteConformantVaryingString("Cluster Group"));
            _open[(int)Slot.Resource] = Open(8, w => w.WriteConformantVaryingString("Cluster Disk 1"));
            _open[(int)Slot.IpResource] = Open(8, w => w.WriteConformantVaryingString("Cluster IP Address"));
            _open[(int)Slot.Network] = Open(81, w => w.WriteConformantVaryingString("Cluster Network 1"));
            _open[(int)Slot.NetInterface] = Open(92, w => w.WriteConformantVaryingString(InterfaceName(_engine)));
            _open[(int)Slot.Key] = Open(28, w => w.WriteUInt32(MaximumAllowed));
            _open[(int)Slot.Notify] = Open(137, _ => { });
            _open[(int)Slot.GroupSet] = Open(164, w => w.WriteConformantVaryingString("Cluster Group"));
            _open[(int)Slot.Last] = _open[(int)Slot.Cluster];
        }

        /// <summary>Runs one call; a handle it opens becomes the <see cref="Slot.Last"/> handle.</summary>
        public string Call(byte[] call)
        {
            ushort opnum = BinaryPrimitives.ReadUInt16LittleEndian(call);
            var result = Invoke(opnum, Substitute(call.AsSpan(2)));
            if (result.FaultStatus is { } fault)
            {
                return $"{opnum} fault {fault:x}";
            }

            // The label leaves out handle values (random GUIDs): the first and the last u32, or "handle" for an opened handle.
            var answer = result.Stub.Span;
            if (answer.Length < 4)
            {
                return $"{opnum} empty";
            }

            uint first = BinaryPrimitives.ReadUInt32LittleEndian(answer);
            if (answer.Length >= NdrContextHandle.Size && IsOpen(answer[^16..]))
            {
                _open[(int)Slot.Last] = new NdrContextHandle(0, new Guid(answer[^16..]));
                return $"{opnum} {first:x} handle";
            }

            return $"{opnum} {first:x} {BinaryPrimitives.ReadUInt32LittleEndian(answer[^4..]):x}";
        }

        public bool IsOpen(ReadOnlySpan<byte> uuid) => _handles.TryGet(new NdrContextHandle(0, new Guid(uuid)), out object _);

        public static string InterfaceName(ClusterEngine engine) => engine.Queries.Enumerate(ClusterEnumType.NetInterface)[0];

        /// <summary>Replaces each placeholder with the open handle of its slot.</summary>
        public byte[] Substitute(ReadOnlySpan<byte> stub)
        {
            byte[] copy = stub.ToArray();
            for (int at = copy.AsSpan().IndexOf(s_magic); at >= 0;)
            {
                if (at >= 4 && at + 16 <= copy.Length)
                {
                    uint slot = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at + 12)) % (uint)s_slots;
                    var handle = _open[slot];
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at - 4), handle.Attributes);
                    handle.Uuid.TryWriteBytes(copy.AsSpan(at));
                }

                int next = copy.AsSpan(at + 1).IndexOf(s_magic);
                at = next < 0 ? -1 : at + 1 + next;
            }

            return copy;
        }

        public RpcCallResult Invoke(ushort opnum, byte[] stub)
        {
            using var aborted = new CancellationTokenSource();
            var call = _service.InvokeAsync(opnum, stub, _context, aborted.Token);
            if (call.IsCompleted)
            {
                return call.GetAwaiter().GetResult();
            }

            // A waiting call (ApiGetNotifyV2): the connection closes under it. It must end, by an answer or by cancellation.
            aborted.Cancel();
            var task = call.AsTask();
            try
            {
                if (!task.Wait(TimeSpan.FromSeconds(10)))
                {
                    throw new TimeoutException($"Opnum {opnum} kept waiting after its call was cancelled.");
                }
            }
            catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
            {
                return RpcCallResult.Fault(CallCancelled);
            }
            catch (AggregateException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            }

            return task.Result;
        }

        private NdrContextHandle Open(ushort opnum, Action<NdrWriter> write)
        {
            var w = new NdrWriter();
            write(w);
            var answer = Invoke(opnum, w.ToArray()).Stub.Span;
            if (answer.Length < NdrContextHandle.Size)
            {
                throw new InvalidOperationException($"Opening a handle with opnum {opnum} failed.");
            }

            var handle = answer[^NdrContextHandle.Size..];
            var opened = new NdrContextHandle(BinaryPrimitives.ReadUInt32LittleEndian(handle), new Guid(handle[4..]));
            return opened.IsNull ? throw new InvalidOperationException($"Opnum {opnum} returned a NULL handle.") : opened;
        }

        public void Dispose()
        {
            _handles.RunDown();
            _engine.Dispose();
        }
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        string netInterface;
        using (var engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), new FakeTimeProvider(s_now)))
        {
            netInterface = Session.InterfaceName(engine);
        }

        foreach (var (name, opnum, write) in ClusApiSeeds.Calls(netInterface))
        {
            yield return ($"{opnum:D3}-{name}", Encode(opnum, write));
        }

        foreach (var (name, calls) in ClusApiSeeds.Sequences())
        {
            yield return ("seq-" + name, [.. calls.SelectMany((c, i) => i == 0 ? Encode(c.Opnum, c.Write) : [.. s_nextCall, .. Encode(c.Opnum, c.Write)])]);
        }
    }

    private static byte[] Encode(ushort opnum, Action<NdrWriter> write)
    {
        var w = new NdrWriter();
        write(w);
        byte[] bytes = new byte[2 + w.Position];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, opnum);
        w.WrittenSpan.CopyTo(bytes.AsSpan(2));
        return bytes;
    }
}
