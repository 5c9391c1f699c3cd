#include "cli/run_cli.hpp"

int main(int argc, char** argv)
{
  return tokenrouter::cli::run_cli(argc, argv);
}
