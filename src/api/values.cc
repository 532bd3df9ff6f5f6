// Values and externrefs.
#include <bit>
#include <cstring>

#include "api/impl.h"

namespace kiln {

Val::Val(float v) : kind_(ValKind::F32), bits_(std::bit_cast<uint32_t>(v)) {}
Val::Val(double v) : kind_(ValKind::F64), bits_(std::bit_cast<uint64_t>(v)) {}
float Val::f32() const { return kind_ == ValKind::F32 ? std::bit_cast<float>(static_cast<uint32_t>(bits_)) : 0.0f; }
double Val::f64() const { return kind_ == ValKind::F64 ? std::bit_cast<double>(bits_) : 0.0; }

Val Val::funcref(const std::optional<Func>& f) { return from_ref(ValKind::FuncRef, f ? f->ref() : ObjectRef{}); }
Val Val::externref(const std::optional<ExternRef>& r) {
  return r ? from_ref(ValKind::ExternRef, r->ref(), r->data()) : from_ref(ValKind::ExternRef, ObjectRef{});
}
Val Val::null(ValKind ref_kind) { return from_ref(ref_kind, ObjectRef{}); }

Val Val::from_ref(ValKind kind, ObjectRef r, void* extern_data) {
  Val v;
  v.kind_ = kind;
  v.ref_ = r;
  v.extern_data_ = extern_data;
  return v;
}

Val Val::from_bits(ValKind kind, uint64_t bits) {
  Val v;
  v.kind_ = kind;
  v.bits_ = bits;
  return v;
}

std::optional<Func> Val::funcref() const {
  if (kind_ != ValKind::FuncRef || !ref_.object) return std::nullopt;
  return Func(ref_);
}

std::optional<ExternRef> Val::externref() const {
  if (kind_ != ValKind::ExternRef || !ref_.object) return std::nullopt;
  return ExternRef(ref_, extern_data_);
}

ExternRef ExternRef::create(Store& store, void* data) {
  core::rt::Ref r = store.impl().store.host_ref(reinterpret_cast<uint64_t>(data));
  return ExternRef(make_ref(store.impl(), reinterpret_cast<void*>(r)), data);
}

void to_slots(const Val& v, core::rt::Slot* out) {
  switch (v.kind()) {
    case ValKind::V128: {
      V128 x = v.v128();
      std::memcpy(out, x.bytes.data(), 16);
      return;
    }
    case ValKind::FuncRef:
    case ValKind::ExternRef:
    case ValKind::AnyRef:
      out[0] = reinterpret_cast<core::rt::Slot>(v.ref().object);
      return;
    default:
      out[0] = v.bits();
      return;
  }
}

Val from_slots(const Store::Impl& s, const core::ValType& t, const core::rt::Slot* in) {
  switch (t.kind) {
    case core::ValKind::I32: return Val::from_bits(ValKind::I32, static_cast<uint32_t>(in[0]));
    case core::ValKind::I64: return Val::from_bits(ValKind::I64, in[0]);
    case core::ValKind::F32: return Val::from_bits(ValKind::F32, static_cast<uint32_t>(in[0]));
    case core::ValKind::F64: return Val::from_bits(ValKind::F64, in[0]);
    case core::ValKind::V128: {
      V128 x;
      std::memcpy(x.bytes.data(), in, 16);
      return Val(x);
    }
    default: break;
  }
  ValKind kind = from_core(t).kind();
  if (in[0] == core::rt::kNullRef) return Val::null(kind);
  void* object = reinterpret_cast<void*>(in[0]);
  if (kind == ValKind::ExternRef) {
    auto* host = static_cast<core::rt::HostRef*>(object);
    return Val::from_ref(kind, make_ref(s, object), reinterpret_cast<void*>(host->value));
  }
  return Val::from_ref(kind, make_ref(s, object));
}

bool val_matches(const Val& v, const core::ValType& t) {
  ValKind k = from_core(t).kind();
  if (v.kind() != k) return false;
  if (t.is_ref() && !t.nullable && v.is_null()) return false;
  return true;
}

}  // namespace kiln

namespace kiln {

Result<void> check_val(const Store::Impl& s, const Val& v, const core::ValType& t) {
  if (!val_matches(v, t)) {
    return misuse("value of type " + ValType(v.kind()).to_string() + " where " + core::to_string(t) + " is expected");
  }
  if (v.kind() >= ValKind::FuncRef && v.ref().object && v.ref().store_id != s.id) return wrong_store();
  return {};
}

}  // namespace kiln
