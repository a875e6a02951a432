#!/usr/bin/python3
"""tests/interop/impacket.py: impacket against Clusterd.RpcHost and clusterd, inside a private network namespace.

Builds RpcHost and clusterd (unless SKIP_BUILD=1 and both are built), then re-runs itself under `unshare --net`
(unprivileged: a user namespace mapped to root, so port 135 binds) and brings loopback up there. Then:
1. RpcHost on 127.0.0.1 (--epm-port 0 --port 0): impacket_checks.py (ept_map, ept_lookup paging, NTLMSSP integrity and
   privacy binds to mgmt and the echo interface with 1000-byte fragments, and the negative cases).
2. clusterd on 127.0.0.1 (--port 0 --epm-port 135, fresh data directory): impacket_checks.py --clusterd (rpcdump.py
   lists ClusAPI with its TCP port; ept_lookup paging).
Exit status: 0 when every check passed. Needs python3-impacket (/usr/bin/python3), util-linux, iproute2, the dotnet SDK.
Environment: CONFIGURATION (Release), SKIP_BUILD=1 to reuse a build, KEEP_LOGS=1 to keep the temp dirs.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIGURATION = os.environ.get('CONFIGURATION', 'Release')
HOST_DLL = os.path.join(ROOT, 'tools', 'Clusterd.RpcHost', 'bin', CONFIGURATION, 'net10.0', 'Clusterd.RpcHost.dll')
CLUSTERD_DLL = os.path.join(ROOT, 'src', 'Clusterd.Server', 'bin', CONFIGURATION, 'net10.0', 'clusterd.dll')
USER, PASSWORD, DOMAIN = os.environ.get('TEST_USER', 'clusterd'), os.environ.get('TEST_PASSWORD', 'Clusterd-Pa55word'), os.environ.get('TEST_DOMAIN', 'CLUSTERD')
CHECKS = os.path.join(HERE, 'impacket_checks.py')


def log(message):
    print(f'[impacket.py] {message}', file=sys.stderr, flush=True)


def build():
    for project, dll in ((os.path.join(ROOT, 'tools', 'Clusterd.RpcHost'), HOST_DLL),
                         (os.path.join(ROOT, 'src', 'Clusterd.Server'), CLUSTERD_DLL)):
        if os.environ.get('SKIP_BUILD') != '1' or not os.path.exists(dll):
            subprocess.run(['dotnet', 'build', '-c', CONFIGURATION, '--nologo', '-v', 'quiet', project],
                           check=True, stdout=sys.stderr)


def enter_netns():
    """Re-executes this script in a new network namespace (loopback only), as tests/lib/common.sh enter_netns does."""
    if os.environ.get('CLUSTERD_IN_NETNS') == '1':
        subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
        return
    args = ['--net'] if os.geteuid() == 0 else ['--user', '--map-root-user', '--net']
    env = dict(os.environ, CLUSTERD_IN_NETNS='1', SKIP_BUILD='1')
    os.execvpe('unshare', ['unshare', *args, '--', sys.executable, os.path.abspath(__file__)], env)


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def finish(work):
    if os.environ.get('KEEP_LOGS') == '1':
        log(f'logs kept in {work}')
    else:
        shutil.rmtree(work, ignore_errors=True)


def accounts_file(work):
    path = os.path.join(work, 'accounts')
    with open(path, 'w', encoding='ascii') as f:
        f.write(f'{USER}:{PASSWORD}\n')
    return path


def against_rpchost():
    work = tempfile.mkdtemp(prefix='clusterd-impacket-')
    log_file = open(os.path.join(work, 'rpchost.log'), 'w', encoding='utf-8')
    host = subprocess.Popen(['dotnet', HOST_DLL, '--listen', '127.0.0.1', '--epm-port', '0', '--port', '0',
                             '--accounts', accounts_file(work), '--domain', DOMAIN],
                            stdout=subprocess.PIPE, stderr=log_file, text=True)
    try:
        line = host.stdout.readline().strip()
        if not line.startswith('listening'):
            log(f'RpcHost did not start: {line!r}')
            return 1
        ports = dict(kv.split('=') for kv in line.split()[1:])
        log(f'RpcHost {line}')
        return subprocess.run(['/usr/bin/python3', CHECKS, '127.0.0.1', ports['epm'], ports['port'], USER, PASSWORD, DOMAIN]).returncode
    finally:
        stop(host)
        log_file.close()
        finish(work)


def against_clusterd():
    work = tempfile.mkdtemp(prefix='clusterd-impacket-')
    log_path = os.path.join(work, 'clusterd.log')
    log_file = open(log_path, 'w', encoding='utf-8')
    server = subprocess.Popen(['dotnet', CLUSTERD_DLL, '--data-dir', os.path.join(work, 'data'), '--admin-urls', 'http://127.0.0.1:0',
                               '--listen', '127.0.0.1', '--accounts', accounts_file(work), '--port', '0', '--epm-port', '135'],
                              stdout=log_file, stderr=subprocess.STDOUT)
    try:
        port = None
        for _ in range(600):
            with open(log_path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            if re.search(r' ready$', text, re.MULTILINE):
                match = re.search(r'clusapi listening on [0-9.]+:([0-9]+)', text)
                port = match.group(1) if match else None
                break
            if server.poll() is not None:
                break
            time.sleep(0.1)
        if port is None or 'endpoint mapper listening on 127.0.0.1:135' not in text:
            log('clusterd did not start with its endpoint mapper on 127.0.0.1:135')
            print(text[-3000:], file=sys.stderr)
            return 1
        log(f'clusterd pid {server.pid}: clusapi port {port}, endpoint mapper 127.0.0.1:135')
        return subprocess.run(['/usr/bin/python3', CHECKS, '--clusterd', '127.0.0.1', port]).returncode
    finally:
        stop(server)
        log_file.close()
        finish(work)


def main():
    if os.environ.get('CLUSTERD_IN_NETNS') != '1':
        build()
    enter_netns()
    results = [against_rpchost(), against_clusterd()]
    return 0 if all(rc == 0 for rc in results) else 1


if __name__ == '__main__':
    sys.exit(main())
