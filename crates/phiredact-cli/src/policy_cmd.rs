//! `phiredact policy`: check a policy document, print the effective policy.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use phiredact::{Label, Policy};

use crate::Failure;

#[derive(Args, Debug)]
pub(crate) struct PolicyArgs {
    #[command(subcommand)]
    cmd: PolicyCmd,
}

#[derive(Subcommand, Debug)]
enum PolicyCmd {
    /// Validate FILE and print the effective policy (every label listed) as TOML. A key is
    /// printed as `"<set>"`.
    Check {
        /// Policy document (TOML or JSON).
        file: PathBuf,
        /// Print JSON instead of TOML.
        #[arg(long)]
        json: bool,
    },
    /// Print the default policy with every label listed.
    Default {
        /// Print JSON instead of TOML.
        #[arg(long)]
        json: bool,
    },
}

fn effective(p: &Policy) -> Policy {
    let mut e = p.clone();
    e.labels.clear();
    for l in Label::ALL {
        e.set(l, p.get(l));
    }
    e
}

pub(crate) fn run(a: &PolicyArgs) -> Result<(), Failure> {
    let (policy, json) = match &a.cmd {
        PolicyCmd::Check { file, json } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Failure(format!("cannot read policy {}: {e}", file.display())))?;
            let p = Policy::parse(&text)
                .map_err(|e| Failure(format!("policy {}: {e}", file.display())))?;
            // Building compiles every regex: the same checks a redactor would make.
            let built = phiredact::Redactor::with_policy(p.clone());
            match (&built, &p.key_env) {
                (Err(_), Some(var)) if std::env::var_os(var).is_none_or(|v| v.is_empty()) => {
                    // The key lives elsewhere (a secret store, the deployment's
                    // environment): check everything else with a stand-in key.
                    let mut b = phiredact::Redactor::builder();
                    b.policy(p.clone()).key([0u8; 32]);
                    b.build()
                        .map_err(|e| Failure(format!("policy {}: {e}", file.display())))?;
                    eprintln!(
                        "policy {}: warning: key_env: {var} is not set here; redact will refuse \
                         to run without it",
                        file.display()
                    );
                }
                (Err(e), _) => return Err(Failure(format!("policy {}: {e}", file.display()))),
                (Ok(_), _) => {}
            }
            eprintln!("policy {}: ok", file.display());
            (p, *json)
        }
        PolicyCmd::Default { json } => (Policy::default(), *json),
    };
    let e = effective(&policy);
    if json {
        println!("{}", e.to_json());
    } else {
        print!("{}", e.to_toml());
    }
    Ok(())
}
