#!/usr/bin/python3
"""Interop checks of Clusterd.RpcHost with impacket (raw NTLMSSP, RPC_C_AUTHN_WINNT).

Usage: impacket_checks.py HOST EPM_PORT PORT USER PASSWORD DOMAIN
Run by impacket.py, which starts the host. Prints one line per check; exits 1 if any check fails.
"""
import os
import sys
import traceback

# tests/interop/impacket.py (the runner) would shadow the impacket package: drop this directory from the path.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

from impacket.dcerpc.v5 import epm, transport
from impacket.dcerpc.v5.rpcrt import (DCERPCException, RPC_C_AUTHN_LEVEL_PKT_INTEGRITY,
                                      RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_AUTHN_WINNT)
from impacket.uuid import uuidtup_to_bin

ECHO = ('0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40', '1.0')
MGMT = ('afa8bd80-7d8a-11c9-bef4-08002b102989', '1.0')
NDR64 = ('71710533-BEBA-4937-8319-B5DBEF9CCC36', '1.0')
UNKNOWN = ('11111111-2222-3333-4444-555555555555', '1.0')

host, epm_port, port, user, password, domain = sys.argv[1:7]
results = []


def check(name):
    def wrap(fn):
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


failed = [r for r in results if not r[1]]
for name, ok, why in results:
    print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok else ': ' + why}")
print(f'impacket: {len(results) - len(failed)} passed, {len(failed)} failed')
sys.exit(1 if failed else 0)
