// Load for the live view's Server-Sent Events stream (docs/web-console.md, docs/benchmarks.md "Live view").
// Starts a clusterd --emulator child process on a topology with --volumes CSVs, connects --clients SSE clients to
// /web/events, drives --rate CSV changes per second through the admin API (backup mode on/off, round robin over the
// volumes) for --seconds, and reports: changes sent, server CPU (from /proc/PID/stat), the lag from the engine's
// publication of a change to its delivery to each client (p50/p99/max over every delta of every client), and gaps.
// A second mode, --first-load, times GET / and the /web/events snapshot on the same topology.
//
//   dotnet build src/Clusterd.Server -c Release && dotnet run --project tools/Clusterd.SseLoad -c Release -- \
//     [--clients 100] [--rate 1000] [--seconds 20] [--volumes 1000] [--first-load] [--server clusterd.dll]
using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clusterd.SseLoad;

var clients = IntOption("--clients", 100);
var rate = IntOption("--rate", 1000);
var seconds = IntOption("--seconds", 20);
var volumes = IntOption("--volumes", 1000);
var firstLoad = args.Contains("--first-load");
var dll = StringOption("--server") ?? Path.Combine(BigTopology.RepositoryRoot(), "src", "Clusterd.Server", "bin", "Release", "net10.0", "clusterd.dll");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"clusterd.dll not found: {dll} (dotnet build src/Clusterd.Server -c Release)");
    return 2;
}

var work = Directory.CreateTempSubdirectory("clusterd-sseload-").FullName;
try
{
    var topology = Path.Combine(work, "topology.json");
    BigTopology.Write(topology, volumes);
    using var server = StartServer(dll, work, topology, out var baseUri);
    try
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * clients + 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseUri,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return firstLoad ? await FirstLoadAsync(http, volumes) : await FanOutAsync(http, server, clients, rate, seconds, volumes);
    }
    finally
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }
}
finally
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
        // best effort
    }
}

static async Task<int> FirstLoadAsync(HttpClient http, int volumes)
{
    // Three loads in a row: the first right after the server is ready, the others with everything warm.
    for (var load = 1; load <= 3; load++)
    {
        var page = Stopwatch.StartNew();
        var html = await http.GetStringAsync("/");
        var css = await http.GetStringAsync("/web/console.css");
        var js = await http.GetStringAsync("/web/console.js");
        var pageMs = page.Elapsed.TotalMilliseconds;
        var sw = Stopwatch.StartNew();
        using var response = await http.GetAsync("/web/events", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var count = -1;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            if (item.EventType != "snapshot")
            {
                continue;
            }
            var receivedMs = sw.Elapsed.TotalMilliseconds;
            using var doc = JsonDocument.Parse(item.Data);
            count = doc.RootElement.GetProperty("volumes").GetArrayLength();
            Console.WriteLine(FormattableString.Invariant(
                $"load {load}, {count} CSVs: page, style and script {pageMs:F1} ms ({html.Length + css.Length + js.Length} bytes); snapshot received {receivedMs:F0} ms, parsed {sw.Elapsed.TotalMilliseconds:F0} ms, {item.Data.Length / 1024.0 / 1024.0:F2} MiB"));
            break;
        }
        if (count != volumes + 2)
        {
            Console.Error.WriteLine($"the snapshot had {count} CSVs, expected {volumes + 2}");
            return 1;
        }
    }
    return 0;
}

static async Task<int> FanOutAsync(HttpClient http, Process server, int clients, int rate, int seconds, int volumes)
{
    using var stop = new CancellationTokenSource();
    var lags = new List<double>[clients];
    var gaps = new int[clients];
    var ended = new bool[clients];
    var connected = new CountdownEvent(clients);
    var readers = new Task[clients];
    var measuring = 0;
    for (var c = 0; c < clients; c++)
    {
        var i = c;
        lags[i] = new List<double>(1 << 16);
        readers[i] = Task.Run(async () =>
        {
            using var response = await http.GetAsync("/web/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(stop.Token);
            long last = -1;
            var signalled = false;
            try
            {
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(stop.Token))
                {
                    if (item.EventType == "heartbeat")
                    {
                        continue;
                    }
                    var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
                    var id = item.EventId ?? "";
                    var revision = long.Parse(id.AsSpan(id.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);
                    if (item.EventType == "delta")
                    {
                        if (last >= 0 && revision != last + 1)
                        {
                            gaps[i]++;
                        }
                        if (Volatile.Read(ref measuring) == 1)
                        {
                            lags[i].Add(now - FirstEventAt(item.Data));
                        }
                    }
                    last = revision;
                    if (!signalled)
                    {
                        signalled = true;
                        connected.Signal();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpIOException)
            {
                // dropped by the server
            }
            ended[i] = !stop.IsCancellationRequested;
        });
    }
    if (!connected.Wait(TimeSpan.FromSeconds(120)))
    {
        Console.Error.WriteLine($"only {clients - connected.CurrentCount} of {clients} clients got their snapshot");
        return 1;
    }

    var names = Enumerable.Range(0, volumes).Select(i => "Volume" + (i + 3).ToString(CultureInfo.InvariantCulture)).ToArray();
    var on = new bool[volumes];
    var total = rate * seconds;
    var next = -1;
    var failures = 0;
    var clock = Stopwatch.StartNew();
    var (cpuBefore, _) = Cpu(server.Id);
    var toolCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var wallBefore = Stopwatch.GetTimestamp();
    Volatile.Write(ref measuring, 1);
    var workers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
    {
        while (true)
        {
            var n = Interlocked.Increment(ref next);
            if (n >= total)
            {
                return;
            }
            var due = TimeSpan.FromSeconds((double)n / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var v = n % volumes;
            bool state;
            lock (on)
            {
                state = on[v] = !on[v];
            }
            var body = state ? "{\"state\":\"InProgress\",\"delaySeconds\":3600}" : "{\"state\":\"None\"}";
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var r = await http.PostAsync("/admin/volumes/" + names[v] + "/backup", content);
            if (!r.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        }
    })).ToArray();
    await Task.WhenAll(workers);
    var sendSeconds = clock.Elapsed.TotalSeconds;
    var (cpuAfter, ticks) = Cpu(server.Id);
    var wall = Stopwatch.GetElapsedTime(wallBefore).TotalSeconds;
    var toolCpu = (Process.GetCurrentProcess().TotalProcessorTime - toolCpuBefore).TotalSeconds / wall * 100;
    await Task.Delay(TimeSpan.FromSeconds(2)); // the last deltas arrive
    Volatile.Write(ref measuring, 0);
    await stop.CancelAsync();
    await Task.WhenAll(readers);

    var all = lags.SelectMany(l => l).Order().ToArray();
    double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
    var cpu = (cpuAfter - cpuBefore) / (double)ticks / wall * 100;
    Console.WriteLine(FormattableString.Invariant(
        $"{clients} clients, {volumes} CSVs: {total} changes in {sendSeconds:F1} s ({total / sendSeconds:F0}/s, {failures} failed); server CPU {cpu:F0}% of one core (this tool: {toolCpu:F0}%)"));
    Console.WriteLine(FormattableString.Invariant(
        $"deltas delivered: {all.Length} ({all.Length / (double)clients:F0} per client); lag commit->delivery ms: p50 {P(0.50):F1}, p99 {P(0.99):F1}, max {all.LastOrDefault():F1}; gaps {gaps.Sum()}, clients dropped {ended.Count(e => e)}"));
    return failures == 0 && gaps.Sum() == 0 && !ended.Any(e => e) ? 0 : 1;
}

// The delta's "firstEventAt" number, found without parsing the whole delta: the load tool shares the machine's cores
// with the server, so its own cost per message is kept small.
static double FirstEventAt(string json)
{
    const string Key = "\"firstEventAt\":";
    var at = json.LastIndexOf(Key, StringComparison.Ordinal) + Key.Length;
    var end = at;
    while (end < json.Length && (char.IsAsciiDigit(json[end]) || json[end] is '.' or 'E' or 'e' or '+' or '-'))
    {
        end++;
    }
    return double.Parse(json.AsSpan(at, end - at), NumberStyles.Float, CultureInfo.InvariantCulture);
}

static (long Ticks, long PerSecond) Cpu(int pid)
{
    // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks; the name field may hold spaces, so split after ')'.
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture), 100);
}

Process StartServer(string dll, string work, string topology, out Uri baseUri)
{
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in new[] { dll, "--emulator", "--data-dir", Path.Combine(work, "data"), "--config", topology, "--port", "0", "--epm-port", "0", "--admin-urls", "http://127.0.0.1:0" })
    {
        psi.ArgumentList.Add(a);
    }
    var process = Process.Start(psi)!;
    var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
    Uri? listening = null;
    void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (Regex.Match(line, @"admin listening on (http://\S+)") is { Success: true } m)
        {
            listening = new Uri(m.Groups[1].Value);
        }
        if (listening is not null && line.EndsWith(" ready", StringComparison.Ordinal))
        {
            ready.TrySetResult(listening);
        }
    }
    process.OutputDataReceived += (_, e) => OnLine(e.Data);
    process.ErrorDataReceived += (_, e) => OnLine(e.Data);
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    baseUri = ready.Task.WaitAsync(TimeSpan.FromSeconds(120)).GetAwaiter().GetResult();
    return process;
}

int IntOption(string name, int fallback) =>
    StringOption(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? StringOption(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
