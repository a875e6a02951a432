#!/usr/bin/python3
"""Interop checks with impacket (raw NTLMSSP, RPC_C_AUTHN_WINNT).

Usage: impacket_checks.py HOST EPM_PORT PORT USER PASSWORD DOMAIN    against Clusterd.RpcHost
       impacket_checks.py --clusterd HOST CLUSAPI_PORT               against clusterd's endpoint mapper on HOST:135
Run by impacket.py, which starts the servers. Prints one line per check; exits 1 if any check fails.

Both forms check ept_lookup paging as Windows pages (MS-RPCE 2.2.1.2.4): impacket's hept_lookup, which stops at a NULL
entry_handle and raises on any other status; max_ents 2 and 1 paged to the end; ept_lookup_handle_free for a client
that stops early. The clusterd form also runs impacket's rpcdump.py, which must list ClusAPI with its TCP port.
"""
import glob
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback

# tests/interop/impacket.py (the runner) would shadow the impacket package: drop this directory from the path.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

from impacket.dcerpc.v5 import epm, transport
from impacket.dcerpc.v5.dtypes import NULL
from impacket.dcerpc.v5.rpcrt import (DCERPCException, RPC_C_AUTHN_LEVEL_PKT_INTEGRITY,
                                      RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_AUTHN_WINNT)
from impacket.uuid import uuidtup_to_bin

ECHO = ('0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40', '1.0')
MGMT = ('afa8bd80-7d8a-11c9-bef4-08002b102989', '1.0')
NDR64 = ('71710533-BEBA-4937-8319-B5DBEF9CCC36', '1.0')
UNKNOWN = ('11111111-2222-3333-4444-555555555555', '1.0')
CLUSAPI = ('b97db8b2-4c63-11cf-bff6-08002be23f2f', '3.0')
EPT_S_NOT_REGISTERED = 0x16C9A0D6

if len(sys.argv) > 1 and sys.argv[1] == '--clusterd':
    TARGET = 'clusterd'
    host, port = sys.argv[2:4]
    epm_port = '135'  # rpcdump.py only ever asks port 135
    user = password = domain = None  # the endpoint mapper is used unauthenticated
    LISTED = CLUSAPI  # the interface the listing must map to PORT
else:
    TARGET = 'rpchost'
    host, epm_port, port, user, password, domain = sys.argv[1:7]
    LISTED = ECHO
results = []


def check(name, target='rpchost'):
    """Runs the check now if it applies to TARGET ('rpchost', 'clusterd' or 'both')."""
    def wrap(fn):
        if target not in (TARGET, 'both'):
            return fn
        try:
            fn()
            results.append((name, True, ''))
        except Exception as exc:  # every failure is reported, none stops the run
            results.append((name, False, f'{type(exc).__name__}: {exc}'))
            traceback.print_exc(file=sys.stderr)
        return fn
    return wrap


def connect(level=None, password_=password, frag=None):
    t = transport.DCERPCTransportFactory(f'ncacn_ip_tcp:{host}[{port}]')
    if level is not None:
        t.set_credentials(user, password_, domain)
    dce = t.get_dce_rpc()
    if level is not None:
        dce.set_auth_type(RPC_C_AUTHN_WINNT)
        dce.set_auth_level(level)
    if frag is not None:
        dce.set_max_fragment_size(frag)
    dce.connect()
    return dce


def expect_error(fn, needle):
    try:
        fn()
    except DCERPCException as exc:
        if needle not in str(exc):
            raise AssertionError(f'expected {needle!r}, got {exc}') from exc
        return
    raise AssertionError(f'expected {needle!r}, call succeeded')


@check('epm hept_map finds the echo interface')
def _():
    t = transport.DCERPCTransportFactory(f'ncacn_ip_tcp:{host}[{epm_port}]')
    dce = t.get_dce_rpc()
    dce.connect()
    binding = epm.hept_map(host, uuidtup_to_bin(ECHO), protocol='ncacn_ip_tcp', dce=dce)
    dce.disconnect()
    if binding != f'ncacn_ip_tcp:{host}[{port}]':
        raise AssertionError(f'hept_map returned {binding}')


for level, level_name in ((RPC_C_AUTHN_LEVEL_PKT_INTEGRITY, 'integrity'), (RPC_C_AUTHN_LEVEL_PKT_PRIVACY, 'privacy')):
    @check(f'mgmt inq_if_ids at {level_name}')
    def _(level=level):
        dce = connect(level)
        dce.bind(uuidtup_to_bin(MGMT))
        dce.call(0, b'')
        reply = dce.recv()
        # unique pointer, max_count, count, ...: the echo interface must be listed
        if uuidtup_to_bin(ECHO)[:16] not in reply:
            raise AssertionError(f'echo interface not in inq_if_ids reply ({len(reply)} bytes)')
        dce.disconnect()

    @check(f'echo 20 kB with 1000-byte fragments at {level_name}')
    def _(level=level):
        dce = connect(level, frag=1000)
        dce.bind(uuidtup_to_bin(ECHO))
        stub = bytes((i * 7 + 3) & 0xFF for i in range(20000))
        dce.call(0, stub)
        reply = dce.recv()
        if reply != stub:
            raise AssertionError(f'echo mismatch: sent {len(stub)} bytes, got {len(reply)}')
        dce.call(0, stub[:100])
        if dce.recv() != stub[:100]:
            raise AssertionError('second echo mismatch')
        dce.disconnect()


@check('wrong password refused with rpc_s_access_denied')
def _():
    def run():
        dce = connect(RPC_C_AUTHN_LEVEL_PKT_PRIVACY, password_=password + 'x')
        dce.bind(uuidtup_to_bin(MGMT))
        dce.call(0, b'')
        dce.recv()
    expect_error(run, 'rpc_s_access_denied')


@check('NDR64-only bind refused')
def _():
    dce = connect()
    expect_error(lambda: dce.bind(uuidtup_to_bin(ECHO), transfer_syntax=NDR64), 'proposed_transfer_syntaxes_not_supported')


@check('unknown interface refused')
def _():
    dce = connect()
    expect_error(lambda: dce.bind(uuidtup_to_bin(UNKNOWN)), 'abstract_syntax_not_supported')


@check('opnum out of range gives nca_s_op_rng_error')
def _():
    dce = connect(RPC_C_AUTHN_LEVEL_PKT_PRIVACY)
    dce.bind(uuidtup_to_bin(ECHO))
    def run():
        dce.call(200, b'')
        dce.recv()
    expect_error(run, 'nca_s_op_rng_error')


def epm_connect(bind=True):
    dce = transport.DCERPCTransportFactory(f'ncacn_ip_tcp:{host}[{epm_port}]').get_dce_rpc()
    dce.connect()
    if bind:
        dce.bind(epm.MSRPC_UUID_PORTMAP)
    return dce


def lookup_page(dce, handle, max_ents):
    """One ept_lookup (RPC_C_EP_ALL_ELTS); the response whatever its status."""
    request = epm.ept_lookup()
    request['inquiry_type'] = epm.RPC_C_EP_ALL_ELTS
    request['object'] = NULL
    request['Ifid'] = NULL
    request['vers_option'] = epm.RPC_C_VERS_ALL
    request['entry_handle'] = handle
    request['max_ents'] = max_ents
    return dce.request(request, checkError=False)


def describe(entry_tower):
    """'UUID vX.Y ncacn_ip_tcp:HOST[PORT]' of an ept_entry_t tower."""
    floors = epm.EPMTower(b''.join(entry_tower['tower_octet_string']))['Floors']
    return f'{floors[0]} {epm.PrintStringBinding(floors)}'


def listed(descriptions):
    """LISTED must be among the descriptions, mapped to PORT."""
    needle = f"{LISTED[0].upper()} v{LISTED[1]} ncacn_ip_tcp:{host}[{port}]"
    if needle not in descriptions:
        raise AssertionError(f'{needle} not listed: {descriptions}')


def hept_lookup_all():
    dce = epm_connect(bind=False)  # hept_lookup binds, as rpcdump.py has it do
    entries = epm.hept_lookup(None, dce=dce)  # max_ents 500; stops at a NULL handle, raises on a non-zero status
    dce.disconnect()
    return [f"{e['tower']['Floors'][0]} {epm.PrintStringBinding(e['tower']['Floors'])}" for e in entries]


@check('epm hept_lookup lists every endpoint in one page with status 0', target='both')
def _():
    descriptions = hept_lookup_all()
    listed(descriptions)
    if not any(d.startswith('E1AF8308-5D1F-11C9-91A4-08002B14A0FA v3.0 ') for d in descriptions):
        raise AssertionError(f'the endpoint mapper is not listed: {descriptions}')


@check('ept_lookup with max_ents 2 pages to the end with status 0 and a NULL handle', target='both')
def _():
    everything = hept_lookup_all()
    dce = epm_connect()
    seen, handle, calls = [], epm.ept_lookup_handle_t(), 0
    while True:  # impacket's hept_lookup loop with max_ents 2: every page status 0 until the NULL handle
        resp = lookup_page(dce, handle, 2)
        calls += 1
        if resp['status'] != 0:
            raise AssertionError(f'page {calls}: status 0x{resp["status"]:08x}')
        if resp['num_ents'] > 2:
            raise AssertionError(f'page {calls}: {resp["num_ents"]} entries above max_ents 2')
        seen += [describe(resp['entries'][i]['tower']) for i in range(resp['num_ents'])]
        handle = resp['entry_handle']
        if handle.isNull():
            break
        if resp['num_ents'] != 2 or calls > 100:
            raise AssertionError(f'page {calls}: {resp["num_ents"]} entries with an open handle')
    dce.disconnect()
    if seen != everything or calls != (len(everything) + 1) // 2:
        raise AssertionError(f'{calls} pages listed {seen}, expected {everything}')


@check('ept_lookup with max_ents 1 pages to the end, then EPT_S_NOT_REGISTERED and a NULL handle', target='both')
def _():
    # Windows' down-level rule for max_ents <= 1, which Samba's rpcclient epmlookup relies on.
    everything = hept_lookup_all()
    dce = epm_connect()
    seen, handle = [], epm.ept_lookup_handle_t()
    for i in range(len(everything)):
        resp = lookup_page(dce, handle, 1)
        if resp['status'] != 0 or resp['num_ents'] != 1 or resp['entry_handle'].isNull():
            raise AssertionError(f'page {i + 1}: status 0x{resp["status"]:08x}, {resp["num_ents"]} entries')
        seen.append(describe(resp['entries'][0]['tower']))
        handle = resp['entry_handle']
    end = lookup_page(dce, handle, 1)
    dce.disconnect()
    if end['status'] != EPT_S_NOT_REGISTERED or end['num_ents'] != 0 or not end['entry_handle'].isNull():
        raise AssertionError(f'after the last entry: status 0x{end["status"]:08x}, {end["num_ents"]} entries')
    if seen != everything:
        raise AssertionError(f'listed {seen}, expected {everything}')


@check('ept_lookup_handle_free releases the handle of a client that stops early', target='both')
def _():
    dce = epm_connect()
    first = lookup_page(dce, epm.ept_lookup_handle_t(), 1)
    if first['status'] != 0 or first['entry_handle'].isNull():
        raise AssertionError(f'first page: status 0x{first["status"]:08x}')
    dce.call(4, first['entry_handle'].getData())  # ept_lookup_handle_free([in, out] entry_handle, [out] status)
    reply = dce.recv()
    if reply != b'\x00' * 24:
        raise AssertionError(f'ept_lookup_handle_free answered {reply.hex()}, expected a NULL handle and status 0')
    expect_error(lambda: lookup_page(dce, first['entry_handle'], 1), 'context_mismatch')
    dce.disconnect()


def find_rpcdump():
    """impacket's rpcdump.py example as Debian's python3-impacket ships it (maybe gzip-compressed)."""
    try:
        files = subprocess.run(['dpkg', '-L', 'python3-impacket'], capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        files = glob.glob('/usr/share/doc/python3-impacket/examples/rpcdump.py*')
    for path in files:
        if re.search(r'/examples/rpcdump\.py(\.gz)?$', path) and os.path.exists(path):
            if not path.endswith('.gz'):
                return path
            plain = os.path.join(tempfile.mkdtemp(prefix='rpcdump-'), 'rpcdump.py')
            with gzip.open(path, 'rb') as src, open(plain, 'wb') as dst:
                shutil.copyfileobj(src, dst)
            return plain
    raise AssertionError('rpcdump.py not found in python3-impacket')


@check('rpcdump.py lists ClusAPI b97db8b2-4c63-11cf-bff6-08002be23f2f v3.0 with its TCP port', target='clusterd')
def _():
    out = subprocess.run(['/usr/bin/python3', find_rpcdump(), host], capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    print(text, file=sys.stderr)
    if 'Protocol failed' in text or out.returncode != 0:
        raise AssertionError(f'rpcdump.py failed (exit {out.returncode})')
    block = re.search(r'UUID    : B97DB8B2-4C63-11CF-BFF6-08002BE23F2F v3\.0.*?\nBindings: \n((?:\s+\S+\n)+)', text)
    if block is None:
        raise AssertionError('ClusAPI v3.0 not listed')
    bindings = block.group(1).split()
    if f'ncacn_ip_tcp:{host}[{port}]' not in bindings:
        raise AssertionError(f'ClusAPI bindings {bindings}, expected ncacn_ip_tcp:{host}[{port}]')


failed = [r for r in results if not r[1]]
for name, ok, why in results:
    print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok else ': ' + why}")
print(f'impacket ({TARGET}): {len(results) - len(failed)} passed, {len(failed)} failed')
sys.exit(1 if failed else 0)
