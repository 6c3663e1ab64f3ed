/**
 * qmon against a real libvirtd (started here, without systemd) running the
 * demo guest as transient domains: the library, the CLI, and the faults.
 */
import { after, before, describe } from 'node:test';
import { libvirtSkipReason } from '../support/libvirtd.js';
import { cliCases } from './cases/cli.js';
import { daemonCases } from './cases/daemon.js';
import { faultCases } from './cases/faults.js';
import { libraryCases } from './cases/library.js';
import { type LibvirtFixture, MAIN, SPARE, startFixture } from './support.js';

const skip = libvirtSkipReason();

// One libvirtd and two domains for every case (the first call probes QEMU for seconds); the
// faults come last, as they destroy a domain and kill libvirtd.
describe('libvirt domains as targets', { skip, timeout: 300_000 }, () => {
  let fixture: LibvirtFixture;
  const savedUri = process.env.LIBVIRT_DEFAULT_URI;

  before(async () => {
    fixture = await startFixture([MAIN, SPARE]);
    process.env.LIBVIRT_DEFAULT_URI = fixture.daemon.uri;
  });

  after(async () => {
    if (savedUri === undefined) delete process.env.LIBVIRT_DEFAULT_URI;
    else process.env.LIBVIRT_DEFAULT_URI = savedUri;
    await fixture?.stop();
  });

  const get = () => fixture;
  libraryCases(get);
  cliCases(get);
  daemonCases(get);
  faultCases(get);
});
