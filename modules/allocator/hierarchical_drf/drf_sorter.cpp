#include "drf_sorter.hpp"

#include <algorithm>
#include <tuple>

namespace nucleus::modules::drf {

struct DrfSorter::Node {
  enum class Kind { Internal, ActiveLeaf, InactiveLeaf };

  std::string name;  // path element; "." for a client that also has children
  std::string path;  // node path ("a/b", "a/.")
  Kind kind = Kind::Internal;
  Node* parent = nullptr;
  std::vector<Node*> ordered;   // internal and active-leaf children, in DRF order
  std::vector<Node*> inactive;  // inactive leaves, unordered
  Quantities allocation;        // the subtree's
  std::uint64_t count = 0;      // times allocated to, the tie breaker
  double share = 0;             // dominant share / weight
  double weight = 1;
  int tag = -1;
};

namespace {

using Key = std::tuple<double, std::uint64_t, const std::string*>;

bool keyLess(double lShare, std::uint64_t lCount, const std::string& lPath, double rShare,
             std::uint64_t rCount, const std::string& rPath)
{
  if (lShare != rShare) return lShare < rShare;
  if (lCount != rCount) return lCount < rCount;
  return lPath < rPath;
}

std::vector<std::string> split(const std::string& path)
{
  std::vector<std::string> elements;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) elements.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return elements;
}

}  // namespace

DrfSorter::DrfSorter(const std::vector<char>* excluded)
    : excluded_(excluded), root_(std::make_unique<Node>())
{
}

DrfSorter::~DrfSorter() = default;

DrfSorter::Node* DrfSorter::nodeAt(const std::string& nodePath) const
{
  auto found = nodes_.find(nodePath);
  return found == nodes_.end() ? nullptr : found->second.get();
}

DrfSorter::Node* DrfSorter::client(const std::string& path) const
{
  auto found = clients_.find(path);
  return found == clients_.end() ? nullptr : found->second;
}

bool DrfSorter::contains(const std::string& path) const
{
  return clients_.count(path) > 0;
}

double DrfSorter::dominantShare(const Quantities& allocation) const
{
  double share = 0;
  std::size_t n = std::min(allocation.width(), total_.width());
  for (std::size_t i = 0; i < n; ++i) {
    if (excluded_ != nullptr && i < excluded_->size() && (*excluded_)[i]) continue;
    std::int64_t total = total_.milli(i);
    if (total <= 0) continue;
    share = std::max(share, static_cast<double>(allocation.milli(i)) / static_cast<double>(total));
  }
  return share;
}

void DrfSorter::refreshShare(Node* node)
{
  node->share = dominantShare(node->allocation) / node->weight;
}

void DrfSorter::insertChild(Node* parent, Node* child)
{
  child->parent = parent;
  if (child->kind == Node::Kind::InactiveLeaf) {
    parent->inactive.push_back(child);
    return;
  }
  if (treeDirty_) {
    parent->ordered.push_back(child);
    return;
  }
  auto position = std::lower_bound(
      parent->ordered.begin(), parent->ordered.end(), child, [](const Node* l, const Node* r) {
        return keyLess(l->share, l->count, l->path, r->share, r->count, r->path);
      });
  parent->ordered.insert(position, child);
}

void DrfSorter::detach(Node* node)
{
  for (std::vector<Node*>* list : {&node->parent->ordered, &node->parent->inactive}) {
    auto found = std::find(list->begin(), list->end(), node);
    if (found != list->end()) {
      list->erase(found);
      return;
    }
  }
}

void DrfSorter::add(const std::string& path, int tag)
{
  Node* current = root_.get();
  Node* lastCreated = nullptr;
  auto weightOf = [this](const std::string& nodePath) {
    auto found = weights_.find(nodePath);
    return found == weights_.end() ? 1.0 : found->second;
  };

  for (const std::string& element : split(path)) {
    std::string childPath = current == root_.get() ? element : current->path + "/" + element;
    if (Node* existing = nodeAt(childPath)) {
      current = existing;
      continue;
    }
    if (current != root_.get() && current->kind != Node::Kind::Internal) {
      // `current` is a client: it becomes the leaf "<path>/." under a new
      // internal node that takes its place (and its allocation).
      Node* parent = current->parent;
      detach(current);
      auto internal = std::make_unique<Node>();
      internal->name = current->name;
      internal->path = current->path;
      internal->allocation = current->allocation;
      internal->count = current->count;
      internal->weight = weightOf(internal->path);
      std::unique_ptr<Node> leaf = std::move(nodes_.at(current->path));
      nodes_.erase(current->path);
      leaf->name = ".";
      leaf->path = internal->path + "/.";
      leaf->weight = weightOf(leaf->path);
      Node* internalNode = internal.get();
      nodes_.emplace(internal->path, std::move(internal));
      nodes_.emplace(leaf->path, std::move(leaf));
      insertChild(parent, internalNode);
      insertChild(internalNode, current);
      current = internalNode;
    }
    auto child = std::make_unique<Node>();
    child->name = element;
    child->path = childPath;
    child->weight = weightOf(childPath);
    Node* childNode = child.get();
    nodes_.emplace(childPath, std::move(child));
    insertChild(current, childNode);
    current = childNode;
    lastCreated = childNode;
  }

  if (current != lastCreated) {
    // The path exists as an internal node ("a" while "a/b" is a client).
    auto leaf = std::make_unique<Node>();
    leaf->name = ".";
    leaf->path = current->path + "/.";
    leaf->kind = Node::Kind::InactiveLeaf;
    leaf->weight = weightOf(leaf->path);
    Node* leafNode = leaf.get();
    nodes_.emplace(leaf->path, std::move(leaf));
    insertChild(current, leafNode);
    current = leafNode;
  } else {
    detach(current);
    current->kind = Node::Kind::InactiveLeaf;
    insertChild(current->parent, current);
  }
  current->tag = tag;
  clients_[path] = current;
  treeDirty_ = true;
  orderDirty_ = true;
}

void DrfSorter::remove(const std::string& path)
{
  Node* leaf = client(path);
  if (leaf == nullptr) return;
  clients_.erase(path);
  for (Node* n = leaf->parent; n != root_.get(); n = n->parent) n->allocation -= leaf->allocation;

  Node* current = leaf->parent;
  detach(leaf);
  nodes_.erase(leaf->path);

  while (current != root_.get()) {
    Node* parent = current->parent;
    std::size_t children = current->ordered.size() + current->inactive.size();
    if (children == 0) {
      detach(current);
      nodes_.erase(current->path);
      current = parent;
      continue;
    }
    if (children == 1) {
      Node* only = current->ordered.empty() ? current->inactive.front() : current->ordered.front();
      if (only->name == ".") {
        // The client "a" is alone again under "a": it becomes the node "a".
        detach(current);
        std::unique_ptr<Node> kept = std::move(nodes_.at(only->path));
        nodes_.erase(only->path);
        std::string nodePath = current->path;
        only->name = current->name;
        nodes_.erase(nodePath);
        only->path = nodePath;
        auto weight = weights_.find(nodePath);
        only->weight = weight == weights_.end() ? 1.0 : weight->second;
        nodes_.emplace(nodePath, std::move(kept));
        insertChild(parent, only);
      }
    }
    break;
  }
  treeDirty_ = true;
  orderDirty_ = true;
}

void DrfSorter::activate(const std::string& path)
{
  Node* leaf = client(path);
  if (leaf == nullptr || leaf->kind == Node::Kind::ActiveLeaf) return;
  detach(leaf);
  leaf->kind = Node::Kind::ActiveLeaf;
  refreshShare(leaf);
  insertChild(leaf->parent, leaf);
  orderDirty_ = true;
}

void DrfSorter::deactivate(const std::string& path)
{
  Node* leaf = client(path);
  if (leaf == nullptr || leaf->kind == Node::Kind::InactiveLeaf) return;
  detach(leaf);
  leaf->kind = Node::Kind::InactiveLeaf;
  insertChild(leaf->parent, leaf);
  orderDirty_ = true;
}

void DrfSorter::reposition(Node* node, double oldShare, std::uint64_t oldCount)
{
  std::vector<Node*>& siblings = node->parent->ordered;
  auto at =
      std::lower_bound(siblings.begin(), siblings.end(), node, [&](const Node* l, const Node* n) {
        // `node` already has its new key: it sits at its old one.
        if (l == n) return false;
        return keyLess(l->share, l->count, l->path, oldShare, oldCount, n->path);
      });
  while (at != siblings.end() && *at != node) ++at;
  if (at == siblings.end()) return;
  siblings.erase(at);
  auto to =
      std::lower_bound(siblings.begin(), siblings.end(), node, [](const Node* l, const Node* r) {
        return keyLess(l->share, l->count, l->path, r->share, r->count, r->path);
      });
  siblings.insert(to, node);
}

void DrfSorter::update(Node* leaf, const Quantities& quantities, bool add)
{
  for (Node* n = leaf; n != root_.get(); n = n->parent) {
    double oldShare = n->share;
    std::uint64_t oldCount = n->count;
    if (add) {
      n->allocation += quantities;
      ++n->count;
    } else {
      n->allocation -= quantities;
    }
    if (!treeDirty_ && n->kind != Node::Kind::InactiveLeaf) {
      refreshShare(n);
      reposition(n, oldShare, oldCount);
    }
  }
  orderDirty_ = true;
}

void DrfSorter::allocated(const std::string& path, const Quantities& quantities)
{
  if (Node* leaf = client(path)) update(leaf, quantities, true);
}

void DrfSorter::unallocated(const std::string& path, const Quantities& quantities)
{
  if (Node* leaf = client(path)) update(leaf, quantities, false);
}

const Quantities& DrfSorter::allocation(const std::string& path) const
{
  static const Quantities kNone;
  Node* leaf = client(path);
  return leaf == nullptr ? kNone : leaf->allocation;
}

void DrfSorter::addTotal(const Quantities& quantities)
{
  total_ += quantities;
  treeDirty_ = true;
  orderDirty_ = true;
}

void DrfSorter::removeTotal(const Quantities& quantities)
{
  total_ -= quantities;
  treeDirty_ = true;
  orderDirty_ = true;
}

void DrfSorter::updateWeight(const std::string& path, double weight)
{
  weights_[path] = weight;
  if (Node* node = nodeAt(path)) node->weight = weight;
  treeDirty_ = true;
  orderDirty_ = true;
}

double DrfSorter::share(const std::string& path) const
{
  Node* leaf = client(path);
  return leaf == nullptr ? 0.0 : dominantShare(leaf->allocation);
}

void DrfSorter::sortTree(Node* node)
{
  for (Node* child : node->ordered) refreshShare(child);
  std::sort(node->ordered.begin(), node->ordered.end(), [](const Node* l, const Node* r) {
    return keyLess(l->share, l->count, l->path, r->share, r->count, r->path);
  });
  for (Node* child : node->ordered) {
    if (child->kind == Node::Kind::Internal) sortTree(child);
  }
}

void DrfSorter::listClients(const Node* node)
{
  for (const Node* child : node->ordered) {
    if (child->kind == Node::Kind::ActiveLeaf) {
      sorted_.push_back(child->tag);
    } else {
      listClients(child);
    }
  }
}

const std::vector<int>& DrfSorter::sort()
{
  if (treeDirty_) {
    sortTree(root_.get());
    treeDirty_ = false;
    orderDirty_ = true;
  }
  if (orderDirty_) {
    sorted_.clear();
    listClients(root_.get());
    orderDirty_ = false;
  }
  return sorted_;
}

}  // namespace nucleus::modules::drf
