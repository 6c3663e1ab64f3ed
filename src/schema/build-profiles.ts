/**
 * Which `if` symbols a given QEMU build defines. A schema definition whose
 * condition is false for the build is left out of the generated types, so
 * they match what that QEMU really accepts (`query-qmp-schema`).
 *
 * Every symbol a schema uses must be listed as defined or undefined: a new
 * QEMU version that brings a new symbol stops the generator until someone
 * decides it, instead of it being silently dropped.
 */
export interface BuildProfile {
  readonly name: string;
  readonly description: string;
  readonly defined: readonly string[];
  readonly undefined: readonly string[];
}

/**
 * Debian 12's qemu-system-x86 and qemu-guest-agent (QEMU 7.2): the x86_64
 * binary of the main build, configured by debian/rules with the options from
 * debian/control for linux-amd64, and checked against `query-qmp-schema` and
 * `guest-info` of the installed packages.
 */
export const debianBookwormAmd64: BuildProfile = {
  name: 'debian-bookworm-amd64',
  description: "x86_64 Linux, QEMU configured as Debian 12's packages are",
  defined: [
    'CONFIG_CURSES',
    'CONFIG_DBUS_DISPLAY',
    'CONFIG_FDT',
    'CONFIG_FUSE',
    'CONFIG_GBM',
    'CONFIG_GTK',
    'CONFIG_LIBPMEM',
    'CONFIG_LINUX',
    'CONFIG_LINUX_IO_URING',
    'CONFIG_OPENGL',
    'CONFIG_POSIX',
    'CONFIG_REPLICATION',
    'CONFIG_SDL',
    'CONFIG_SECRET_KEYRING',
    'CONFIG_SPICE',
    'CONFIG_SPICE_PROTOCOL',
    'CONFIG_TCG',
    'CONFIG_TPM',
    'CONFIG_VDUSE_BLK_EXPORT',
    'CONFIG_VHOST_CRYPTO',
    'CONFIG_VHOST_USER_BLK_SERVER',
    'CONFIG_VNC',
    'CONFIG_ZSTD',
    'HAVE_HOST_BLOCK_DEVICE',
    'HAVE_IPPROTO_MPTCP',
    'TARGET_I386',
  ],
  undefined: [
    // libblkio is not packaged in Debian 12; vmnet and Cocoa are macOS-only.
    'CONFIG_BLKIO',
    'CONFIG_COCOA',
    'CONFIG_VMNET',
    'CONFIG_WIN32',
    // Other targets' binaries (qemu-system-arm, -ppc, ...) have their own schema.
    'TARGET_ARM',
    'TARGET_LOONGARCH64',
    'TARGET_MIPS',
    'TARGET_PPC',
    'TARGET_RISCV',
    'TARGET_S390X',
  ],
};

/**
 * bookworm-backports' qemu-system-x86 and qemu-guest-agent 1:10.0.2+ds-2+deb13u1~bpo12+1
 * (QEMU 10.0.2): the same build as Debian 12's plus what 10.0 added to the
 * schema's conditions, checked against `query-qmp-schema` and `guest-info` of
 * those packages. From 10.0 on, QGA's schema has conditions too.
 */
export const debianBookwormBackportsAmd64: BuildProfile = {
  name: 'debian-bookworm-backports-amd64',
  description: "x86_64 Linux, QEMU 10.0 configured as bookworm-backports' packages are",
  defined: [
    ...debianBookwormAmd64.defined,
    'CONFIG_AUDIO_ALSA',
    'CONFIG_AUDIO_JACK',
    'CONFIG_AUDIO_OSS',
    'CONFIG_AUDIO_PA',
    'CONFIG_AUDIO_PIPEWIRE',
    'CONFIG_AUDIO_SDL',
    'CONFIG_BRLAPI',
    'CONFIG_EBPF',
    'CONFIG_KVM',
    'CONFIG_PIXMAN',
    'HAVE_CHARDEV_PARALLEL',
    'HAVE_CHARDEV_SERIAL',
    // QGA's conditions.
    'CONFIG_FSFREEZE',
    'CONFIG_FSTRIM',
    'CONFIG_GETLOADAVG',
    'CONFIG_LIBUDEV',
    'HAVE_GETIFADDRS',
    'HAVE_UTMPX',
  ].sort(),
  undefined: [
    ...debianBookwormAmd64.undefined,
    // AF_XDP, QATzip, QPL and UADK libraries are not packaged for bookworm;
    // CoreAudio, DirectSound and sndio are other systems' audio.
    'CONFIG_AF_XDP',
    'CONFIG_AUDIO_COREAUDIO',
    'CONFIG_AUDIO_DSOUND',
    'CONFIG_AUDIO_SNDIO',
    'CONFIG_BLKIO_VHOST_VDPA_FD',
    'CONFIG_QATZIP',
    'CONFIG_QPL',
    'CONFIG_UADK',
    'CONFIG_FREEBSD',
  ].sort(),
};

export const buildProfiles: ReadonlyMap<string, BuildProfile> = new Map(
  [debianBookwormAmd64, debianBookwormBackportsAmd64].map((profile) => [profile.name, profile]),
);

export function isDefinedIn(profile: BuildProfile): (symbol: string) => boolean {
  const defined = new Set(profile.defined);
  return (symbol) => defined.has(symbol);
}

/** The symbols among `symbols` that the profile lists neither as defined nor as undefined. */
export function undecidedSymbols(profile: BuildProfile, symbols: Iterable<string>): string[] {
  const decided = new Set([...profile.defined, ...profile.undefined]);
  return [...new Set(symbols)].filter((symbol) => !decided.has(symbol)).sort();
}
