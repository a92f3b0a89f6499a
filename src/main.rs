fn main() -> std::process::ExitCode {
    zwgk::cli::run()
}
