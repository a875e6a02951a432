using System.Collections;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.CommandLine;
using Clusterd.Rpc.Security;

namespace Clusterd.Cli;

/// <summary>A command-line mistake found after parsing (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// One run of clusctl: the command tree (System.CommandLine, no reflection-based binding), the connection settings,
/// and the one place failures become a line on stderr and an exit code.
/// </summary>
internal sealed partial class Clusctl
{
    private static readonly ParserConfiguration s_parser = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly IDictionary _environment;
    private readonly Func<string, CancellationToken, string?> _readPassword;
    private readonly Dictionary<Command, string[]> _examples = [];

    private readonly Option<string?> _cluster = new("--cluster", "-Cluster")
    {
        Description = "The cluster: HOST or HOST:PORT ([IPv6]:PORT). Without a port the endpoint mapper (135) is asked. Default: $CLUSCTL_CLUSTER.",
        HelpName = "HOST[:PORT]",
        Recursive = true,
    };

    private readonly Option<string?> _user = new("--user", "-User")
    {
        Description = @"The account, [DOMAIN\]USER. Default: $CLUSCTL_USER.",
        HelpName = @"[DOMAIN\]USER",
        Recursive = true,
    };

    private readonly Option<string?> _passwordFile = new("--password-file", "-PasswordFile")
    {
        Description = "Read the password from the first line of FILE. Otherwise $CLUSCTL_PASSWORD, else a prompt on the terminal.",
        HelpName = "FILE",
        Recursive = true,
    };

    private readonly Option<string?> _ntHashFile = new("--nt-hash-file", "-NtHashFile")
    {
        Description = "Authenticate with the NT hash in FILE (32 hex digits) instead of a password.",
        HelpName = "FILE",
        Recursive = true,
    };

    private readonly Option<OutputFormat?> _output = Global(CliOptions.Value<OutputFormat?>("--output", "table|list|json",
        "table, list or json. Default: table (Get-ClusterSharedVolumeState: list).", v => v.ToUpperInvariant() switch
        {
            "TABLE" => OutputFormat.Table,
            "LIST" => OutputFormat.List,
            "JSON" => OutputFormat.Json,
            _ => throw new FormatException($"--output: '{v}' is not table, list or json"),
        }), "-Output", "-o");

    private readonly Option<bool> _debug = Global(CliOptions.Flag("--debug", "Show the stack trace of a failure."), "-Debug");

    public Clusctl(TextWriter stdout, TextWriter stderr, IDictionary environment, Func<string, CancellationToken, string?>? readPassword)
    {
        _stdout = stdout;
        _stderr = stderr;
        _environment = environment;
        _readPassword = readPassword ?? ReadPasswordFromTerminal;
    }

    /// <summary>Parses and runs <paramref name="args"/>; never throws.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var debug = args.Any(a => a.Equals("--debug", StringComparison.OrdinalIgnoreCase) || a.Equals("-debug", StringComparison.OrdinalIgnoreCase));
        try
        {
            var root = BuildRoot();
            var parse = root.Parse(CaseInsensitive.Normalize(root, args), s_parser);
            if (parse.Action is ParseErrorAction)
            {
                foreach (var error in parse.Errors)
                {
                    WriteError(error.Message);
                }
                WriteError($"see '{CommandPath(parse.CommandResult)} --help'");
                return ClusctlExitCodes.Usage;
            }
            var invocation = new InvocationConfiguration
            {
                Output = _stdout,
                Error = _stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ClusctlExitCodes.Interrupted;
        }
        catch (UsageException e)
        {
            WriteError(e.Message);
            return ClusctlExitCodes.Usage;
        }
        catch (ClusterException e)
        {
            WriteError(e.Message, debug ? e : null);
            return ClusctlExitCodes.Of(e.Error);
        }
#pragma warning disable CA1031 // the one place every failure becomes a line and an exit code, never a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            WriteError($"unexpected {e.GetType().Name}: {e.Message}", debug ? e : null);
            return ClusctlExitCodes.Failure;
        }
    }

    /// <summary>"clusctl csv backup": the names of the command and its parents.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = command; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Insert(0, c.Command is RootCommand ? "clusctl" : c.Command.Name);
            }
        }
        return string.Join(' ', names);
    }

    private void WriteError(string message, Exception? debug = null)
    {
        _stderr.WriteLine("clusctl: " + string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        if (debug is not null)
        {
            _stderr.WriteLine(debug.ToString());
        }
        _stderr.Flush();
    }

    /// <summary>An option of every command, with its PowerShell-style spellings.</summary>
    private static Option<T> Global<T>(Option<T> option, params string[] aliases)
    {
        option.Recursive = true;
        return WithAliases(option, aliases);
    }

    private static Option<T> WithAliases<T>(Option<T> option, params string[] aliases)
    {
        foreach (var alias in aliases)
        {
            option.Aliases.Add(alias);
        }
        return option;
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("""
            clusctl manages a Windows Server Failover Cluster (or clusterd) over MS-CMRP (ClusAPI 3.0, sealed NTLM), with the
            commands and columns of the FailoverClusters PowerShell module, plus CSV backup mode and a live change stream.
            Command and option names are case-insensitive; -Name and --name are the same option. 'clusctl COMMAND --help'
            shows a command's options and examples.
            """);
        _examples[root] =
        [
            @"clusctl Get-ClusterNode --cluster cluster1.example.com --user 'EXAMPLE\admin'      (asks for the password)",
            @"export CLUSCTL_CLUSTER=cluster1.example.com CLUSCTL_USER='EXAMPLE\admin' CLUSCTL_PASSWORD=...",
            "clusctl Get-ClusterNode",
            @"clusctl Get-ClusterSharedVolume --cluster 10.0.0.5:49152 --user 'EXAMPLE\admin' --password-file ~/.clus-pw",
            "clusctl Set-ClusterSharedVolumeBackupMode Volume1 -State InProgress -DelaySeconds 600",
            "clusctl csv backup-state --output json",
            "clusctl watch",
        ];
        foreach (var option in new Option[] { _cluster, _user, _passwordFile, _ntHashFile, _output, _debug })
        {
            root.Options.Add(option);
        }
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: SynchronousCommandLineAction help } helpOption)
            {
                helpOption.Action = new HelpWithExitCodes(help, _examples);
            }
        }

        root.Subcommands.Add(GetCluster("Get-Cluster"));
        root.Subcommands.Add(GetClusterNode("Get-ClusterNode"));
        root.Subcommands.Add(GetClusterGroup("Get-ClusterGroup"));
        root.Subcommands.Add(GetClusterResource("Get-ClusterResource"));
        root.Subcommands.Add(GetClusterParameter("Get-ClusterParameter"));
        root.Subcommands.Add(GetClusterSharedVolume("Get-ClusterSharedVolume"));
        root.Subcommands.Add(GetClusterSharedVolumeState("Get-ClusterSharedVolumeState"));
        root.Subcommands.Add(GetClusterSharedVolumeBackupState("Get-ClusterSharedVolumeBackupState"));
        root.Subcommands.Add(SetClusterSharedVolumeBackupMode("Set-ClusterSharedVolumeBackupMode"));
        root.Subcommands.Add(StartStopClusterResource("Start-ClusterResource", start: true));
        root.Subcommands.Add(StartStopClusterResource("Stop-ClusterResource", start: false));
        root.Subcommands.Add(SuspendResumeClusterResource("Suspend-ClusterResource", suspend: true));
        root.Subcommands.Add(SuspendResumeClusterResource("Resume-ClusterResource", suspend: false));
        root.Subcommands.Add(MoveClusterSharedVolume("Move-ClusterSharedVolume"));
        root.Subcommands.Add(MoveClusterGroup("Move-ClusterGroup"));
        root.Subcommands.Add(SuspendResumeClusterNode("Suspend-ClusterNode", suspend: true));
        root.Subcommands.Add(SuspendResumeClusterNode("Resume-ClusterNode", suspend: false));
        root.Subcommands.Add(WatchCluster("Watch-Cluster"));
        root.Subcommands.Add(GetClusterGroupSet("Get-ClusterGroupSet"));
        root.Subcommands.Add(NewClusterGroupSet("New-ClusterGroupSet"));
        root.Subcommands.Add(RemoveClusterGroupSet("Remove-ClusterGroupSet"));
        root.Subcommands.Add(AddClusterGroupToSet("Add-ClusterGroupToSet"));
        root.Subcommands.Add(RemoveClusterGroupFromSet("Remove-ClusterGroupFromSet"));
        root.Subcommands.Add(SetClusterParameter("Set-ClusterParameter")); // Registry area (issue 11)
        // Issue 11, clients: resource types, possible owners, resource moves, dependency expressions, quorum.
        root.Subcommands.Add(GetClusterResourceType("Get-ClusterResourceType"));
        root.Subcommands.Add(AddClusterResourceType("Add-ClusterResourceType"));
        root.Subcommands.Add(RemoveClusterResourceType("Remove-ClusterResourceType"));
        root.Subcommands.Add(GetClusterOwnerNode("Get-ClusterOwnerNode"));
        root.Subcommands.Add(SetClusterOwnerNode("Set-ClusterOwnerNode"));
        root.Subcommands.Add(MoveClusterResource("Move-ClusterResource"));
        root.Subcommands.Add(GetClusterResourceDependency("Get-ClusterResourceDependency"));
        root.Subcommands.Add(SetClusterResourceDependency("Set-ClusterResourceDependency"));
        root.Subcommands.Add(GetClusterQuorum("Get-ClusterQuorum"));
        root.Subcommands.Add(SetClusterQuorum("Set-ClusterQuorum"));
        // Issue 13: the cluster security descriptor.
        root.Subcommands.Add(GetClusterAccess("Get-ClusterAccess"));
        root.Subcommands.Add(GrantClusterAccess("Grant-ClusterAccess"));
        root.Subcommands.Add(BlockClusterAccess("Block-ClusterAccess"));
        root.Subcommands.Add(RemoveClusterAccess("Remove-ClusterAccess"));

        // The short forms: the same commands under a noun.
        root.Subcommands.Add(Noun("csv", "Cluster Shared Volumes (short forms).",
            GetClusterSharedVolume("list"), GetClusterSharedVolumeState("state"), SetClusterSharedVolumeBackupMode("backup"),
            GetClusterSharedVolumeBackupState("backup-state"), MoveClusterSharedVolume("move")));
        root.Subcommands.Add(Noun("node", "Nodes (short forms).",
            GetClusterNode("list"), SuspendResumeClusterNode("suspend", suspend: true), SuspendResumeClusterNode("resume", suspend: false)));
        root.Subcommands.Add(Noun("group", "Groups (short forms).", GetClusterGroup("list"), MoveClusterGroup("move"),
            GetClusterOwnerNode("owners"), SetClusterOwnerNode("set-owners"))); // owners: issue 11, clients
        root.Subcommands.Add(Noun("resource", "Resources (short forms).",
            GetClusterResource("list"), StartStopClusterResource("start", start: true), StartStopClusterResource("stop", start: false),
            SuspendResumeClusterResource("suspend", suspend: true), SuspendResumeClusterResource("resume", suspend: false),
            GetClusterParameter("params"), SetClusterParameter("set-param"),
            GetClusterOwnerNode("owners"), SetClusterOwnerNode("set-owners"), MoveClusterResource("move"), // issue 11, clients
            GetClusterResourceDependency("dependency"), SetClusterResourceDependency("set-dependency")));
        root.Subcommands.Add(Noun("resourcetype", "Resource types (short forms).", GetClusterResourceType("list"), AddClusterResourceType("add"),
            RemoveClusterResourceType("remove")));
        root.Subcommands.Add(Noun("quorum", "The quorum (short forms).", GetClusterQuorum("get"), SetClusterQuorum("set")));
        root.Subcommands.Add(Noun("access", "The cluster security descriptor (short forms).", GetClusterAccess("list"), GrantClusterAccess("grant"),
            BlockClusterAccess("block"), RemoveClusterAccess("remove")));
        root.Subcommands.Add(Noun("groupset", "Group sets (short forms).", GetClusterGroupSet("list"), NewClusterGroupSet("new"),
            RemoveClusterGroupSet("remove"), AddClusterGroupToSet("add"), RemoveClusterGroupFromSet("remove-group")));
        root.Subcommands.Add(WatchCluster("watch"));
        return root;
    }

    /// <summary>The help text, then the exit-code table.</summary>
    private sealed class HelpWithExitCodes(SynchronousCommandLineAction help, Dictionary<Command, string[]> examples) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines))
            {
                output.WriteLine("Examples:");
                foreach (var line in lines)
                {
                    output.WriteLine("  " + line);
                }
                output.WriteLine();
            }
            output.WriteLine(ClusctlExitCodes.Help);
            return code;
        }
    }

    private Command Noun(string name, string description, params Command[] verbs)
    {
        var noun = NewCommand(name, description, [.. verbs.Select(v => $"clusctl {name} {v.Name} --help")]);
        foreach (var verb in verbs)
        {
            noun.Subcommands.Add(verb);
        }
        return noun;
    }

    /// <summary>A command whose help shows its examples (after the options).</summary>
    private Command NewCommand(string name, string description, params string[] examples)
    {
        var command = new Command(name, description);
        _examples[command] = examples;
        return command;
    }

    /// <summary>Connects, runs <paramref name="body"/>, disconnects; exit code 0 (failures are exceptions, handled in <see cref="RunAsync"/>).</summary>
    private void SetClientAction(Command command, Func<ParseResult, ClusterClient, CancellationToken, Task> body) =>
        command.SetAction(async (parse, ct) =>
        {
            var options = Connection(parse);
            var client = await ClusterClient.ConnectAsync(options, ct).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                await body(parse, client, ct).ConfigureAwait(false);
            }
            return ClusctlExitCodes.Success;
        });

    private void Print<T>(ParseResult parse, IReadOnlyList<T> items, Shape<T> shape)
    {
        var format = parse.GetValue(_output) ?? shape.DefaultFormat;
        if (format == OutputFormat.Json)
        {
            _stdout.WriteLine(shape.Json(items));
        }
        else
        {
            Output.Write(_stdout, format, shape.Headers, [.. items.Select(shape.Row)]);
        }
        _stdout.Flush();
    }

    // ---- connection settings -------------------------------------------------------------------------------------

    private string? Env(string name) => _environment[name] is string { Length: > 0 } value ? value : null;

    /// <summary>The connection options from the global options and the environment; a <see cref="UsageException"/> when something is missing.</summary>
    internal ClusterConnectionOptions Connection(ParseResult parse)
    {
        var address = parse.GetValue(_cluster) ?? Env("CLUSCTL_CLUSTER")
            ?? throw new UsageException("no cluster: give --cluster HOST[:PORT] or set CLUSCTL_CLUSTER");
        if (!ClusterConnectionOptions.TryParseAddress(address, out var host, out var port))
        {
            throw new UsageException($"--cluster: '{address}' is not HOST, HOST:PORT, [IPv6] or [IPv6]:PORT (port 1-65535)");
        }
        var account = parse.GetValue(_user) ?? Env("CLUSCTL_USER")
            ?? throw new UsageException(@"no user: give --user [DOMAIN\]USER or set CLUSCTL_USER");
        var slash = account.IndexOf('\\', StringComparison.Ordinal);
        var (domain, user) = slash < 0 ? ("", account) : (account[..slash], account[(slash + 1)..]);
        if (user.Length == 0)
        {
            throw new UsageException($@"--user: '{account}' has no user name ([DOMAIN\]USER)");
        }
        NtlmCredential credential;
        if (parse.GetValue(_ntHashFile) is { } hashFile)
        {
            var hex = ReadFile(hashFile, "--nt-hash-file").Trim();
            if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new UsageException($"--nt-hash-file: '{hashFile}' does not hold an NT hash (32 hex digits)");
            }
            credential = NtlmCredential.FromNtHash(user, domain, Convert.FromHexString(hex));
        }
        else
        {
            credential = NtlmCredential.FromPassword(user, domain, Password(parse, account));
        }
        return new ClusterConnectionOptions { Host = host, Port = port, Credential = credential };
    }

    private string Password(ParseResult parse, string account)
    {
        if (parse.GetValue(_passwordFile) is { } file)
        {
            var text = ReadFile(file, "--password-file");
            var end = text.AsSpan().IndexOfAny('\r', '\n');
            return end < 0 ? text : text[..end];
        }
        if (_environment["CLUSCTL_PASSWORD"] is string password)
        {
            return password;
        }
        return _readPassword(account, CancellationToken.None)
            ?? throw new UsageException("no password: set CLUSCTL_PASSWORD, give --password-file FILE or --nt-hash-file FILE, or run on a terminal to be asked");
    }

    private static string ReadFile(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option}: cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Asks for the password on the terminal without echo; null when stdin is not a terminal.</summary>
    private string? ReadPasswordFromTerminal(string account, CancellationToken cancellationToken)
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }
        _stderr.Write($"Password for {account}: ");
        _stderr.Flush();
        var password = new StringBuilder();
        var treatControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control))
                {
                    _stderr.WriteLine();
                    throw new OperationCanceledException(cancellationToken);
                }
                if (key.Key == ConsoleKey.Enter)
                {
                    _stderr.WriteLine();
                    return password.ToString();
                }
                if (key.Key == ConsoleKey.Backspace)
                {
                    if (password.Length > 0)
                    {
                        password.Length--;
                    }
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    password.Append(key.KeyChar);
                }
            }
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlC;
        }
    }

    // ---- arguments shared by the commands ------------------------------------------------------------------------

    /// <summary>The object a command acts on: positional, or <c>-Name</c>/<c>--name</c> as PowerShell allows.</summary>
    private sealed class NameInput
    {
        private readonly Argument<string?> _argument;
        private readonly Option<string?> _option;

        public NameInput(Command command, string helpName, string description, bool required)
        {
            _argument = new Argument<string?>(helpName) { Description = description, Arity = ArgumentArity.ZeroOrOne };
            _option = new Option<string?>("--name", "-Name") { Description = description + " (same as the positional " + helpName + ")", HelpName = helpName };
            command.Arguments.Add(_argument);
            command.Options.Add(_option);
            command.Validators.Add(r =>
            {
                var a = r.GetValue(_argument);
                var o = r.GetValue(_option);
                if (a is not null && o is not null && !string.Equals(a, o, StringComparison.Ordinal))
                {
                    r.AddError($"{helpName} given twice: '{a}' and -Name '{o}'");
                }
                else if (required && a is null && o is null)
                {
                    r.AddError($"{helpName} is required (positional or -Name)");
                }
                else if ((a ?? o) is { Length: 0 })
                {
                    r.AddError($"{helpName} is empty");
                }
            });
        }

        public string? Value(ParseResult parse) => parse.GetValue(_option) ?? parse.GetValue(_argument);

        public string Required(ParseResult parse) => Value(parse) ?? throw new UsageException("a name is required");
    }

    private static Option<string?> NodeOption(string description) => new("--node", "-Node") { Description = description, HelpName = "NODE" };

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
