// The tests count the processes this test process left running: one test at a time, so none sees another's workers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
