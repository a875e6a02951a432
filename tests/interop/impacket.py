#!/usr/bin/python3
"""tests/interop/impacket.py: impacket against Clusterd.RpcHost on loopback (ordinary high ports).

Starts RpcHost (--epm-port 0 --port 0 on 127.0.0.1), runs impacket_checks.py (ept_map, NTLMSSP integrity and
privacy binds to mgmt and the echo interface with 1000-byte fragments, and the negative cases), stops the host.
Exit status: 0 when every check passed. Needs python3-impacket (/usr/bin/python3) and the dotnet SDK.
Environment: CONFIGURATION (Release), SKIP_BUILD=1 to reuse a build, KEEP_LOGS=1 to keep the temp dir.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIGURATION = os.environ.get('CONFIGURATION', 'Release')
HOST_DLL = os.path.join(ROOT, 'tools', 'Clusterd.RpcHost', 'bin', CONFIGURATION, 'net10.0', 'Clusterd.RpcHost.dll')
USER, PASSWORD, DOMAIN = os.environ.get('TEST_USER', 'clusterd'), os.environ.get('TEST_PASSWORD', 'Clusterd-Pa55word'), os.environ.get('TEST_DOMAIN', 'CLUSTERD')


def main():
    if os.environ.get('SKIP_BUILD') != '1' or not os.path.exists(HOST_DLL):
        subprocess.run(['dotnet', 'build', '-c', CONFIGURATION, '--nologo', '-v', 'quiet',
                        os.path.join(ROOT, 'tools', 'Clusterd.RpcHost')], check=True, stdout=sys.stderr)
    work = tempfile.mkdtemp(prefix='clusterd-impacket-')
    accounts = os.path.join(work, 'accounts')
    with open(accounts, 'w', encoding='ascii') as f:
        f.write(f'{USER}:{PASSWORD}\n')
    log = open(os.path.join(work, 'rpchost.log'), 'w', encoding='utf-8')
    host = subprocess.Popen(['dotnet', HOST_DLL, '--listen', '127.0.0.1', '--epm-port', '0', '--port', '0',
                             '--accounts', accounts, '--domain', DOMAIN],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = host.stdout.readline().strip()
        if not line.startswith('listening'):
            print(f'RpcHost did not start: {line!r}', file=sys.stderr)
            return 1
        ports = dict(kv.split('=') for kv in line.split()[1:])
        print(f'[impacket.py] RpcHost {line}', file=sys.stderr)
        checks = subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'impacket_checks.py'), '127.0.0.1',
                                 ports['epm'], ports['port'], USER, PASSWORD, DOMAIN])
        return checks.returncode
    finally:
        host.send_signal(signal.SIGTERM)
        try:
            host.wait(timeout=15)
        except subprocess.TimeoutExpired:
            host.kill()
            host.wait()
        log.close()
        if os.environ.get('KEEP_LOGS') == '1':
            print(f'[impacket.py] logs kept in {work}', file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
