// The WASI preview 1 ABI (`wasi_snapshot_preview1`, witx of the WASI repository's
// legacy/preview1): the numbers and the byte layouts a guest sees in its linear memory.
// Everything here is little-endian and 32-bit-pointer (wasm32).
#pragma once

#include <cstdint>

namespace kiln::core::wasi {

// errno: the result of every function but proc_exit.
enum class Errno : uint16_t {
  Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5, Again = 6,
  Already = 7, Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12, ConnAborted = 13,
  ConnRefused = 14, ConnReset = 15, Deadlk = 16, DestAddrReq = 17, Dom = 18, Dquot = 19, Exist = 20,
  Fault = 21, Fbig = 22, HostUnreach = 23, Idrm = 24, Ilseq = 25, InProgress = 26, Intr = 27,
  Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32, Mfile = 33, Mlink = 34, MsgSize = 35,
  Multihop = 36, NameTooLong = 37, NetDown = 38, NetReset = 39, NetUnreach = 40, Nfile = 41,
  NoBufs = 42, NoDev = 43, NoEnt = 44, NoExec = 45, NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49,
  NoProtoOpt = 50, NoSpc = 51, NoSys = 52, NotConn = 53, NotDir = 54, NotEmpty = 55,
  NotRecoverable = 56, NotSock = 57, NotSup = 58, NoTty = 59, Nxio = 60, Overflow = 61,
  OwnerDead = 62, Perm = 63, Pipe = 64, Proto = 65, ProtoNoSupport = 66, Prototype = 67,
  Range = 68, Rofs = 69, Spipe = 70, Srch = 71, Stale = 72, TimedOut = 73, TxtBsy = 74, Xdev = 75,
  NotCapable = 76,
};

// The WASI errno for a host (Linux) errno value; Errno::Io for one WASI lacks.
Errno errno_from_host(int host_errno);

enum class ClockId : uint32_t { Realtime = 0, Monotonic = 1, ProcessCputime = 2, ThreadCputime = 3 };

enum class FileType : uint8_t {
  Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4,
  SocketDgram = 5, SocketStream = 6, SymbolicLink = 7,
};

enum class Whence : uint8_t { Set = 0, Cur = 1, End = 2 };

// fdflags
constexpr uint16_t kFdflagAppend = 1 << 0;
constexpr uint16_t kFdflagDsync = 1 << 1;
constexpr uint16_t kFdflagNonblock = 1 << 2;
constexpr uint16_t kFdflagRsync = 1 << 3;
constexpr uint16_t kFdflagSync = 1 << 4;

// oflags (path_open)
constexpr uint16_t kOflagCreat = 1 << 0;
constexpr uint16_t kOflagDirectory = 1 << 1;
constexpr uint16_t kOflagExcl = 1 << 2;
constexpr uint16_t kOflagTrunc = 1 << 3;

// lookupflags
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// fstflags (set_times)
constexpr uint16_t kFstAtim = 1 << 0;
constexpr uint16_t kFstAtimNow = 1 << 1;
constexpr uint16_t kFstMtim = 1 << 2;
constexpr uint16_t kFstMtimNow = 1 << 3;

// rights
constexpr uint64_t kRightFdDatasync = 1ull << 0;
constexpr uint64_t kRightFdRead = 1ull << 1;
constexpr uint64_t kRightFdSeek = 1ull << 2;
constexpr uint64_t kRightFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kRightFdSync = 1ull << 4;
constexpr uint64_t kRightFdTell = 1ull << 5;
constexpr uint64_t kRightFdWrite = 1ull << 6;
constexpr uint64_t kRightFdAdvise = 1ull << 7;
constexpr uint64_t kRightFdAllocate = 1ull << 8;
constexpr uint64_t kRightPathCreateDirectory = 1ull << 9;
constexpr uint64_t kRightPathCreateFile = 1ull << 10;
constexpr uint64_t kRightPathLinkSource = 1ull << 11;
constexpr uint64_t kRightPathLinkTarget = 1ull << 12;
constexpr uint64_t kRightPathOpen = 1ull << 13;
constexpr uint64_t kRightFdReaddir = 1ull << 14;
constexpr uint64_t kRightPathReadlink = 1ull << 15;
constexpr uint64_t kRightPathRenameSource = 1ull << 16;
constexpr uint64_t kRightPathRenameTarget = 1ull << 17;
constexpr uint64_t kRightPathFilestatGet = 1ull << 18;
constexpr uint64_t kRightPathFilestatSetSize = 1ull << 19;
constexpr uint64_t kRightPathFilestatSetTimes = 1ull << 20;
constexpr uint64_t kRightFdFilestatGet = 1ull << 21;
constexpr uint64_t kRightFdFilestatSetSize = 1ull << 22;
constexpr uint64_t kRightFdFilestatSetTimes = 1ull << 23;
constexpr uint64_t kRightPathSymlink = 1ull << 24;
constexpr uint64_t kRightPathRemoveDirectory = 1ull << 25;
constexpr uint64_t kRightPathUnlinkFile = 1ull << 26;
constexpr uint64_t kRightPollFdReadwrite = 1ull << 27;
constexpr uint64_t kRightSockShutdown = 1ull << 28;
constexpr uint64_t kRightSockAccept = 1ull << 29;
constexpr uint64_t kRightAll = (1ull << 30) - 1;

// The rights a descriptor of each kind is given (and may hand on): what wasmtime grants.
constexpr uint64_t kRightsFileBase = kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags |
                                     kRightFdSync | kRightFdTell | kRightFdWrite | kRightFdAdvise |
                                     kRightFdAllocate | kRightFdFilestatGet | kRightFdFilestatSetSize |
                                     kRightFdFilestatSetTimes | kRightPollFdReadwrite;
constexpr uint64_t kRightsDirBase = kRightFdFdstatSetFlags | kRightFdSync | kRightFdAdvise |
                                    kRightPathCreateDirectory | kRightPathCreateFile | kRightPathLinkSource |
                                    kRightPathLinkTarget | kRightPathOpen | kRightFdReaddir |
                                    kRightPathReadlink | kRightPathRenameSource | kRightPathRenameTarget |
                                    kRightPathFilestatGet | kRightPathFilestatSetSize |
                                    kRightPathFilestatSetTimes | kRightFdFilestatGet |
                                    kRightFdFilestatSetTimes | kRightPathSymlink |
                                    kRightPathRemoveDirectory | kRightPathUnlinkFile;
constexpr uint64_t kRightsDirInheriting = kRightsDirBase | kRightsFileBase;
constexpr uint64_t kRightsTtyBase = kRightFdRead | kRightFdFdstatSetFlags | kRightFdWrite |
                                    kRightFdFilestatGet | kRightPollFdReadwrite;
constexpr uint64_t kRightsSocketBase = kRightFdRead | kRightFdFdstatSetFlags | kRightFdWrite |
                                       kRightFdFilestatGet | kRightPollFdReadwrite | kRightSockShutdown |
                                       kRightSockAccept;

// Event types and subscription flags (poll_oneoff).
enum class EventType : uint8_t { Clock = 0, FdRead = 1, FdWrite = 2 };
constexpr uint16_t kSubclockAbstime = 1 << 0;
constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;

// Socket flags.
constexpr uint16_t kRiflagRecvPeek = 1 << 0;
constexpr uint16_t kRiflagRecvWaitall = 1 << 1;
constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
constexpr uint8_t kSdflagRd = 1 << 0;
constexpr uint8_t kSdflagWr = 1 << 1;

enum class Advice : uint8_t { Normal = 0, Sequential = 1, Random = 2, WillNeed = 3, DontNeed = 4, NoReuse = 5 };

constexpr uint8_t kPreopenTypeDir = 0;

// Signals (proc_raise).
constexpr uint8_t kSignalMax = 30;

// Layouts in guest memory (size, alignment and field offsets).
namespace layout {
constexpr uint32_t kIovecSize = 8;          // buf: u32 @0, buf_len: u32 @4
constexpr uint32_t kFdstatSize = 24;        // filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16
constexpr uint32_t kFilestatSize = 64;      // dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64 @24, size u64 @32, atim @40, mtim @48, ctim @56
constexpr uint32_t kPrestatSize = 8;        // tag u8 @0, dir name_len u32 @4
constexpr uint32_t kDirentSize = 24;        // d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; name follows
constexpr uint32_t kSubscriptionSize = 48;  // userdata u64 @0, tag u8 @8, union @16
constexpr uint32_t kEventSize = 32;         // userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite: nbytes u64 @16, flags u16 @24
}  // namespace layout

}  // namespace kiln::core::wasi
