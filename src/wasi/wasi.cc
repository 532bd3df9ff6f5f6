// The WASI host module: the context (descriptor table, preopens) and the registry that turns
// each function's Handler into a host function.
#include "wasi/wasi.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/context.h"

namespace kiln::core::wasi {

namespace {

const std::vector<FunctionDef>& all_functions() {
  static const std::vector<FunctionDef> all = [] {
    std::vector<FunctionDef> v;
    for (const auto* part : {&proc_functions(), &fd_functions(), &path_functions(), &poll_functions(),
                             &sock_functions()}) {
      v.insert(v.end(), part->begin(), part->end());
    }
    return v;
  }();
  return all;
}

FuncType type_of(const char* signature) {
  FuncType t;
  bool results = false;
  for (const char* c = signature; *c; ++c) {
    if (*c == '>') {
      results = true;
      continue;
    }
    ValType v = *c == 'I' ? ValType::i64() : ValType::i32();
    (results ? t.results : t.params).push_back(v);
  }
  return t;
}

}  // namespace

Errno errno_from_host(int e) {
  switch (e) {
    case 0: return Errno::Success;
    case E2BIG: return Errno::TooBig;
    case EACCES: return Errno::Acces;
    case EADDRINUSE: return Errno::AddrInUse;
    case EADDRNOTAVAIL: return Errno::AddrNotAvail;
    case EAFNOSUPPORT: return Errno::AfNoSupport;
    case EAGAIN: return Errno::Again;
    case EALREADY: return Errno::Already;
    case EBADF: return Errno::Badf;
    case EBADMSG: return Errno::BadMsg;
    case EBUSY: return Errno::Busy;
    case ECANCELED: return Errno::Canceled;
    case ECHILD: return Errno::Child;
    case ECONNABORTED: return Errno::ConnAborted;
    case ECONNREFUSED: return Errno::ConnRefused;
    case ECONNRESET: return Errno::ConnReset;
    case EDEADLK: return Errno::Deadlk;
    case EDESTADDRREQ: return Errno::DestAddrReq;
    case EDOM: return Errno::Dom;
    case EDQUOT: return Errno::Dquot;
    case EEXIST: return Errno::Exist;
    case EFAULT: return Errno::Fault;
    case EFBIG: return Errno::Fbig;
    case EHOSTUNREACH: return Errno::HostUnreach;
    case EIDRM: return Errno::Idrm;
    case EILSEQ: return Errno::Ilseq;
    case EINPROGRESS: return Errno::InProgress;
    case EINTR: return Errno::Intr;
    case EINVAL: return Errno::Inval;
    case EIO: return Errno::Io;
    case EISCONN: return Errno::IsConn;
    case EISDIR: return Errno::IsDir;
    case ELOOP: return Errno::Loop;
    case EMFILE: return Errno::Mfile;
    case EMLINK: return Errno::Mlink;
    case EMSGSIZE: return Errno::MsgSize;
    case EMULTIHOP: return Errno::Multihop;
    case ENAMETOOLONG: return Errno::NameTooLong;
    case ENETDOWN: return Errno::NetDown;
    case ENETRESET: return Errno::NetReset;
    case ENETUNREACH: return Errno::NetUnreach;
    case ENFILE: return Errno::Nfile;
    case ENOBUFS: return Errno::NoBufs;
    case ENODEV: return Errno::NoDev;
    case ENOENT: return Errno::NoEnt;
    case ENOEXEC: return Errno::NoExec;
    case ENOLCK: return Errno::NoLck;
    case ENOLINK: return Errno::NoLink;
    case ENOMEM: return Errno::NoMem;
    case ENOMSG: return Errno::NoMsg;
    case ENOPROTOOPT: return Errno::NoProtoOpt;
    case ENOSPC: return Errno::NoSpc;
    case ENOSYS: return Errno::NoSys;
    case ENOTCONN: return Errno::NotConn;
    case ENOTDIR: return Errno::NotDir;
    case ENOTEMPTY: return Errno::NotEmpty;
    case ENOTRECOVERABLE: return Errno::NotRecoverable;
    case ENOTSOCK: return Errno::NotSock;
    case ENOTSUP: return Errno::NotSup;  // == EOPNOTSUPP on Linux
    case ENOTTY: return Errno::NoTty;
    case ENXIO: return Errno::Nxio;
    case EOVERFLOW: return Errno::Overflow;
    case EOWNERDEAD: return Errno::OwnerDead;
    case EPERM: return Errno::Perm;
    case EPIPE: return Errno::Pipe;
    case EPROTO: return Errno::Proto;
    case EPROTONOSUPPORT: return Errno::ProtoNoSupport;
    case EPROTOTYPE: return Errno::Prototype;
    case ERANGE: return Errno::Range;
    case EROFS: return Errno::Rofs;
    case ESPIPE: return Errno::Spipe;
    case ESRCH: return Errno::Srch;
    case ESTALE: return Errno::Stale;
    case ETIMEDOUT: return Errno::TimedOut;
    case ETXTBSY: return Errno::TxtBsy;
    case EXDEV: return Errno::Xdev;
    default: return Errno::Io;
  }
}

FileType file_type_of_mode(uint32_t m) {
  switch (m & S_IFMT) {
    case S_IFBLK: return FileType::BlockDevice;
    case S_IFCHR: return FileType::CharacterDevice;
    case S_IFDIR: return FileType::Directory;
    case S_IFREG: return FileType::RegularFile;
    case S_IFLNK: return FileType::SymbolicLink;
    case S_IFSOCK: return FileType::SocketStream;  // refined by getsockopt(SO_TYPE) where it matters
    default: return FileType::Unknown;
  }
}

Errno read_iovecs(Guest& g, uint32_t iovs, uint32_t count, std::vector<IoSlice>& out) {
  out.clear();
  if (!g.in_bounds(iovs, uint64_t{count} * layout::kIovecSize)) return Errno::Fault;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t ptr = 0, len = 0;
    g.load(iovs + uint64_t{i} * 8, ptr);
    g.load(iovs + uint64_t{i} * 8 + 4, len);
    if (!g.in_bounds(ptr, len)) return Errno::Fault;
    out.push_back(IoSlice{g.at(ptr), len});
  }
  return Errno::Success;
}

uint32_t WasiContext::State::insert(FdEntry e) {
  for (uint32_t i = 0; i < fds.size(); ++i) {
    if (!fds[i]) {
      fds[i] = std::move(e);
      return i;
    }
  }
  fds.push_back(std::move(e));
  return static_cast<uint32_t>(fds.size() - 1);
}

void WasiContext::State::close(uint32_t fd) {
  FdEntry* e = entry(fd);
  if (!e) return;
  if (e->dir_stream) {
    closedir(e->dir_stream);  // closes its own duplicate of the descriptor
  }
  if (e->owned && e->host_fd >= 0) ::close(e->host_fd);
  fds[fd].reset();
}

WasiContext::WasiContext() : state_(std::make_unique<State>()) {}

WasiContext::~WasiContext() {
  for (uint32_t fd = 0; fd < state_->fds.size(); ++fd) state_->close(fd);
}

namespace {

FdEntry stdio_entry(int host_fd) {
  FdEntry e;
  e.host_fd = host_fd;
  e.owned = false;
  struct stat st;
  e.type = fstat(host_fd, &st) == 0 ? file_type_of_mode(st.st_mode) : FileType::Unknown;
  if (e.type == FileType::SocketStream) e.type = socket_file_type(host_fd);
  e.rights_base = e.type == FileType::RegularFile ? kRightsFileBase : kRightsTtyBase;
  e.rights_inheriting = 0;
  int fl = fcntl(host_fd, F_GETFL);
  if (fl >= 0 && (fl & O_APPEND)) e.fdflags |= kFdflagAppend;
  if (fl >= 0 && (fl & O_NONBLOCK)) e.fdflags |= kFdflagNonblock;
  return e;
}

}  // namespace

Result<std::unique_ptr<WasiContext>> WasiContext::create(const WasiConfig& config) {
  std::unique_ptr<WasiContext> ctx(new WasiContext());
  State& s = *ctx->state_;
  s.args = config.args;
  s.env = config.env;
  for (int host_fd : {config.stdin_fd, config.stdout_fd, config.stderr_fd}) {
    if (host_fd >= 0) {
      s.fds.emplace_back(stdio_entry(host_fd));
    } else {
      s.fds.emplace_back(std::nullopt);
    }
  }
  for (const Preopen& p : config.preopens) {
    int fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return Error("cannot open directory '" + p.host_path + "': " + std::strerror(errno), ErrorKind::Io);
    }
    FdEntry e;
    e.host_fd = fd;
    e.type = FileType::Directory;
    e.rights_base = kRightsDirBase;
    e.rights_inheriting = kRightsDirInheriting;
    e.preopen_name = p.guest_path;
    s.fds.emplace_back(std::move(e));
  }
  for (int sock : config.sockets) {
    FdEntry e = stdio_entry(sock);
    e.rights_base = kRightsSocketBase;
    s.fds.emplace_back(std::move(e));
  }
  return ctx;
}

void WasiContext::bind(const rt::ModuleInstance& instance) {
  auto it = instance.exports.find("memory");
  state_->memory = it != instance.exports.end() && it->second.kind == ExternKind::Memory ? it->second.memory()
                                                                                          : nullptr;
}

std::optional<uint32_t> WasiContext::exit_code() const { return state_->exit_code; }

rt::ExportMap make_host_module(rt::Store& store, WasiContext& ctx) {
  rt::ExportMap m;
  for (const FunctionDef& def : all_functions()) {
    FuncType type = type_of(def.signature);
    bool has_result = !type.results.empty();
    Handler h = def.handler;
    WasiContext::State* s = &ctx.state();
    rt::HostCallback cb = [s, h, has_result](rt::Store&, const rt::Slot* args, rt::Slot* results) -> rt::CallResult {
      Guest g = s->memory ? Guest(s->memory->data, s->memory->size) : Guest(nullptr, 0);
      Errno e = h(*s, g, args);
      if (e == kExitRequested) {
        return Error("exit with code " + std::to_string(s->exit_code.value_or(0)), ErrorKind::Exit);
      }
      if (has_result) results[0] = static_cast<uint32_t>(e);
      return Ok();
    };
    rt::FuncInst* f = store.new_host_func(std::move(type), std::move(cb), std::string("wasi_snapshot_preview1.") + def.name);
    m[def.name] = rt::Extern{ExternKind::Func, f};
  }
  return m;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const FunctionDef& d : all_functions()) v.push_back(d.name);
    return v;
  }();
  return names;
}

}  // namespace kiln::core::wasi
