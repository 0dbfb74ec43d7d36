// The status update manager: one update at a time per task, retried with
// backoff until acknowledged, nothing while paused.

#include <doctest/doctest.h>

#include <mutex>

#include "kernel/agent/ids.hpp"
#include "kernel/agent/status_update_manager.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::agent {

namespace {

using nucleus::internal::AgentCall;

struct Forwarded {
  std::mutex mutex;
  std::vector<mesos::v1::TaskStatus> statuses;

  size_t size()
  {
    std::lock_guard lock(mutex);
    return statuses.size();
  }
  mesos::v1::TaskStatus at(size_t i)
  {
    std::lock_guard lock(mutex);
    return statuses.at(i);
  }
};

mesos::v1::TaskStatus status(const std::string& task, mesos::v1::TaskState state)
{
  mesos::v1::TaskStatus s;
  s.mutable_task_id()->set_value(task);
  s.set_state(state);
  s.set_uuid(randomUuidBytes());
  return s;
}

mesos::v1::FrameworkID framework()
{
  mesos::v1::FrameworkID id;
  id.set_value("f");
  return id;
}

struct Fixture {
  Fixture()
  {
    runtime.start();
    manager = spawn<StatusUpdateManager>(runtime, Duration::milliseconds(100),
                                         Duration::milliseconds(400),
                                         [this](const AgentCall::StatusUpdate& update) {
                                           std::lock_guard lock(forwarded.mutex);
                                           forwarded.statuses.push_back(update.status());
                                         });
  }
  ~Fixture()
  {
    manager.reset();
    runtime.stop();
  }

  Try<bool> update(const mesos::v1::TaskStatus& s)
  {
    return dispatch(manager, [s](StatusUpdateManager& m) { return m.update(framework(), s); })
        .await();
  }
  Try<StatusUpdateManager::Acknowledged> ack(const mesos::v1::TaskStatus& s)
  {
    return dispatch(manager,
                    [s](StatusUpdateManager& m) {
                      return m.acknowledgement(framework(), s.task_id(), s.uuid());
                    })
        .await();
  }

  Runtime runtime{Runtime::Options{1, 1, std::chrono::seconds(5)}};
  Forwarded forwarded;
  std::shared_ptr<StatusUpdateManager> manager;
};

}  // namespace

TEST_CASE("updates of a task go out one at a time, in order, retried until acknowledged")
{
  Fixture f;
  mesos::v1::TaskStatus running = status("t", mesos::v1::TASK_RUNNING);
  mesos::v1::TaskStatus finished = status("t", mesos::v1::TASK_FINISHED);
  REQUIRE(f.update(running).value_or(false));
  REQUIRE(f.update(finished).value_or(false));

  // Retried: the first update again, never the second before its ack.
  REQUIRE(nucleus::testing::waitUntil([&] { return f.forwarded.size() >= 3; }));
  for (size_t i = 0; i < 3; ++i) CHECK(f.forwarded.at(i).uuid() == running.uuid());

  auto acked = f.ack(running);
  REQUIRE(acked.has_value());
  CHECK_FALSE(acked->terminated);
  REQUIRE(nucleus::testing::waitUntil(
      [&] { return f.forwarded.at(f.forwarded.size() - 1).uuid() == finished.uuid(); }));

  auto done = f.ack(finished);
  REQUIRE(done.has_value());
  CHECK(done->terminated);
  CHECK(dispatch(f.manager, [](StatusUpdateManager& m) { return m.pendingCount(); })
            .await()
            .value_or(1) == 0);
}

TEST_CASE("duplicates are ignored and unexpected acknowledgements refused")
{
  Fixture f;
  mesos::v1::TaskStatus running = status("t", mesos::v1::TASK_RUNNING);
  REQUIRE(f.update(running).value_or(false));
  CHECK(f.update(running).value_or(true) == false);

  mesos::v1::TaskStatus other = status("t", mesos::v1::TASK_RUNNING);
  CHECK_FALSE(f.ack(other).has_value());

  mesos::v1::TaskStatus noUuid = running;
  noUuid.clear_uuid();
  CHECK_FALSE(f.update(noUuid).has_value());
}

TEST_CASE("a paused manager forwards nothing until resumed")
{
  Fixture f;
  send(f.manager, [](StatusUpdateManager& m) { m.pause(); });
  REQUIRE(f.update(status("t", mesos::v1::TASK_RUNNING)).value_or(false));
  CHECK(f.forwarded.size() == 0);
  send(f.manager, [](StatusUpdateManager& m) { m.resume(); });
  REQUIRE(nucleus::testing::waitUntil([&] { return f.forwarded.size() >= 1; }));
}

}  // namespace nucleus::agent
