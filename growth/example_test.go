package growth_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"kampungkb/growth"
)

// A boy of 1000 days, 15 kg, 100 cm (the fourth worked example of
// who-algorithm.md §8, from anthro's README).
func ExampleTables_Compute() {
	// Load reads a tables directory laid out like ../shared/who-growth
	// (kampungkb growth fetch-tables installs one).
	shared := os.Getenv("KAMPUNGKB_SHARED") // as testutil.SharedDir
	if shared == "" {
		shared = filepath.Join("..", "..", "shared")
	}
	tables, err := growth.Load(os.DirFS(filepath.Join(shared, "who-growth")))
	if err != nil {
		fmt.Println(err)
		return
	}
	nan := math.NaN()
	r := tables.Compute(growth.Input{
		Sex: growth.Male, Age: 1000, Weight: 15, LenHei: 100,
		HeadC: nan, ArmC: nan, TriSkin: nan, SubSkin: nan,
	})
	for _, i := range []growth.Indicator{growth.Len, growth.Wei, growth.Wfl, growth.BMI, growth.HC} {
		if r.Computed(i) {
			fmt.Printf("z%s %.2f flag %v\n", i.Name(), r.Z[i], r.Flag[i])
		} else {
			fmt.Printf("z%s NA\n", i.Name())
		}
	}
	// Output:
	// zlen 1.70 flag false
	// zwei 0.69 flag false
	// zwfl -0.29 flag false
	// zbmi -0.58 flag false
	// zhc NA
}
