"""Party dues (đảng phí): what each member owes by the rules of the month, collection by the chi bộ, remittance
up the tree."""
