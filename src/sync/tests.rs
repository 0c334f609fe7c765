use super::*;

#[test]
fn every_scenario_runs_to_the_end() {
    for s in SyncScenario::ALL {
        let mut sim = Simulation::new(s, s.faults()).unwrap();
        sim.run_to_end().unwrap();
        assert!(sim.is_done());
        println!("{}", plain_report(&sim, false));
    }
}
