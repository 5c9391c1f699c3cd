#include "daemon/run_daemon.hpp"

int main(int argc, char** argv)
{
  return tokenrouter::daemon::run_daemon(argc, argv);
}
