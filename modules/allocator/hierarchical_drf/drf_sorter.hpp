#pragma once

// DrfSorter: orders clients by weighted dominant resource share, with
// hierarchical clients ("a/b/c") as in Mesos 1.5's DRFSorter
// (src/master/allocator/sorter/drf/sorter.cpp):
// - a path is a tree; an internal node's allocation is the sum of its
//   subtree's, and siblings are ordered by (share / weight, times allocated,
//   path); sort() lists active clients by a pre-order walk of that order;
// - a client that also has children ("a" next to "a/b") is a leaf "a/." under
//   the internal node "a"; weights are looked up by node path, so that leaf
//   has weight 1 and "a"'s weight applies to the subtree, as in Mesos;
// - the share of a node is max over resource names (not excluded from fair
//   sharing, with a non-zero total) of allocation / total.
//
// Unlike Mesos it does not resort everything after each allocation: when the
// total is unchanged, an allocation moves only the nodes on the client's path,
// each by a binary search in its parent's ordered children. sort() returns a
// cached list until something changes.
//
// Clients carry an integer tag chosen by the caller; sort() returns tags.
//
// Thread safety: none; the allocator uses it from its strand only.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "quantities.hpp"

namespace nucleus::modules::drf {

class DrfSorter {
 public:
  // `excluded[i]` true: resource name index i does not count towards shares.
  explicit DrfSorter(const std::vector<char>* excluded);
  ~DrfSorter();
  DrfSorter(const DrfSorter&) = delete;
  DrfSorter& operator=(const DrfSorter&) = delete;

  // Adds an inactive client. The path must not be a client yet.
  void add(const std::string& path, int tag);
  void remove(const std::string& path);
  bool contains(const std::string& path) const;
  std::size_t count() const { return clients_.size(); }

  void activate(const std::string& path);
  void deactivate(const std::string& path);

  void allocated(const std::string& path, const Quantities& quantities);
  void unallocated(const std::string& path, const Quantities& quantities);
  // The client's own allocation (not its children's).
  const Quantities& allocation(const std::string& path) const;

  void addTotal(const Quantities& quantities);
  void removeTotal(const Quantities& quantities);
  const Quantities& total() const { return total_; }

  void updateWeight(const std::string& path, double weight);

  // Unweighted dominant share of a client (0 when unknown).
  double share(const std::string& path) const;

  // Tags of the active clients in DRF order.
  const std::vector<int>& sort();

 private:
  struct Node;

  Node* nodeAt(const std::string& nodePath) const;
  Node* client(const std::string& path) const;
  double dominantShare(const Quantities& allocation) const;
  void refreshShare(Node* node);
  void reposition(Node* node, double oldShare, std::uint64_t oldCount);
  void update(Node* leaf, const Quantities& quantities, bool add);
  void sortTree(Node* node);
  void listClients(const Node* node);
  void detach(Node* node);
  void insertChild(Node* parent, Node* child);

  const std::vector<char>* excluded_;
  std::unique_ptr<Node> root_;
  std::unordered_map<std::string, std::unique_ptr<Node>> nodes_;  // by node path
  std::unordered_map<std::string, Node*> clients_;                // by client path
  std::unordered_map<std::string, double> weights_;
  Quantities total_;
  bool treeDirty_ = false;  // shares must be recomputed and every level resorted
  bool orderDirty_ = true;  // sorted_ must be rebuilt
  std::vector<int> sorted_;
};

}  // namespace nucleus::modules::drf
