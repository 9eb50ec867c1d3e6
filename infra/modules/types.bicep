@export()
@description('Tags applied to every resource; azd finds the environment by azd-env-name.')
type tagSet = {
  @description('Any tag name and its value.')
  *: string
}
